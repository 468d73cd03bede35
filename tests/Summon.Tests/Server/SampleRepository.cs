using Summon.Modules;
using Summon.Tests.Publishing;

namespace Summon.Tests.Server;

/// <summary>
/// A repository with what the page must show: acme.extra 1.0.0 (revoked) and 2.0.0, acme.pdf 1.0.0, a module whose
/// publisher-chosen name and revocation reason are markup, and a root that expires in two days.
/// </summary>
internal static class SampleRepository
{
    public const string HostileId = "<img src=x onerror=alert(1)><b id=injected>";
    public const string HostileReason = "<script>document.title='pwned'</script><i id=injected-reason>use 2.0.0";
    public const string RevokedReason = "CVE-2026-0001: renders untrusted fonts";

    public static PublishingFixture Create()
    {
        var fx = new PublishingFixture();
        // Root is signed once, at init: created 363 days ago, it has two of its 365 days left. The other roles are re-signed below.
        fx.Init(clock: () => DateTimeOffset.UtcNow - TimeSpan.FromDays(363)).Dispose();
        using var editor = fx.Open();
        editor.Publish(fx.ModuleFolder("extra1", "hello", withAssembly: false), "acme.extra", "1.0.0");
        editor.Publish(fx.ModuleFolder("extra2", "hello again", withAssembly: false), "acme.extra", "2.0.0");
        editor.Revoke("acme.extra", "1.0.0", RevokedReason);
        editor.Publish(fx.ModuleFolder("pdf", "pdf", withAssembly: false), "acme.pdf", "1.0.0");
        var index = fx.Combine("hostile-index.json");
        File.WriteAllText(index, System.Text.Json.JsonSerializer.Serialize(new
        {
            schema = 1,
            id = HostileId,
            versions = new Dictionary<string, object> { ["1.0.0"] = new { revoked = HostileReason }, ["1.1.0"] = new { } },
        }));
        editor.AddTarget(RepositoryLayout.ModuleIndex(HostileId), index);
        return fx;
    }
}
