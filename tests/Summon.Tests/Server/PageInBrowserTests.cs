using Summon.Server;

namespace Summon.Tests.Server;

/// <summary>The repository page opened in a real browser (headless Chromium) on 127.0.0.1: what a person sees.</summary>
public class PageInBrowserTests
{
    [Fact]
    public async Task A_person_sees_modules_versions_revocations_keys_and_a_warning_about_expiry()
    {
        using var fx = SampleRepository.Create();
        await using var server = await SummonRepositoryServer.StartAsync(fx.Repo);

        var dom = await HeadlessChromium.DumpDomAsync(server.Url);
        var text = HeadlessChromium.VisibleText(dom);

        Assert.Contains("<title>Summon repository</title>", dom);
        Assert.Contains("acme.extra 2.0.0, 1.0.0 (revoked: " + SampleRepository.RevokedReason + ")", text);
        Assert.Contains("<s>1.0.0</s>", dom);
        Assert.Contains("acme.pdf 1.0.0", text);
        Assert.Matches("Expiring soon: root in 4[78] hours", text);
        var rootExpiry = fx.Signed("root.json")["expires"]!.GetValue<string>();
        Assert.Contains($"root 1 {rootExpiry[..10]} {rootExpiry[11..16]} UTC Expires soon", text);
        var timestampKey = fx.Signed("root.json")["roles"]!["timestamp"]!["keyids"]![0]!.GetValue<string>();
        Assert.Contains($"timestamp 1 of 1 {timestampKey} ecdsa ecdsa-sha2-nistp256", text);
    }

    [Fact]
    public async Task Markup_in_a_publishers_names_shows_as_text_and_runs_nothing()
    {
        using var fx = SampleRepository.Create();
        await using var server = await SummonRepositoryServer.StartAsync(fx.Repo);

        var dom = await HeadlessChromium.DumpDomAsync(server.Url);
        var text = HeadlessChromium.VisibleText(dom);

        Assert.Contains("<title>Summon repository</title>", dom);
        Assert.DoesNotContain("pwned", dom.Split("</head>")[0]);
        Assert.DoesNotContain("<img", dom);
        Assert.DoesNotContain("id=\"injected\"", dom);
        Assert.DoesNotContain("id=\"injected-reason\"", dom);
        Assert.Contains(SampleRepository.HostileId + " 1.1.0, 1.0.0 (revoked: " + SampleRepository.HostileReason + ")", text);
    }
}
