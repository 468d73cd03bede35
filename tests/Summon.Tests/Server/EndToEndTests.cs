using System.Text;
using Summon.Modules;
using Summon.Server;
using Summon.Tests.Publishing;
using Summon.Transport;

namespace Summon.Tests.Server;

/// <summary>A repository written by the publishing tools, served over HTTP on 127.0.0.1, read and verified by the TUF client.</summary>
public class EndToEndTests
{
    [Fact]
    public async Task The_client_verifies_a_served_repository_through_rotation_and_delegation()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        using var editor = fx.Open();
        editor.Publish(fx.ModuleFolder(), "acme.extra", "1.0.0");
        await using var server = await SummonRepositoryServer.StartAsync(fx.Repo);
        using var fetcher = new HttpFetcher();
        Summon.Trust.Updater Client() => fx.Client(fetcher, new Uri(server.Url, "metadata/"), new Uri(server.Url, "targets/"));

        Assert.Equal("hello", Encoding.UTF8.GetString(await PublishingFixture.DownloadAsync(Client(), RepositoryLayout.File("acme.extra", "1.0.0", "readme.txt"))));

        // Every top-level key changes; the client, still trusting root 1 locally, walks the new roots.
        foreach (var role in new[] { "root", "targets", "snapshot", "timestamp" })
        {
            editor.RotateKeys(role);
        }
        editor.Publish(fx.ModuleFolder("v2", "hello again"), "acme.extra", "2.0.0");
        Assert.Equal("hello again", Encoding.UTF8.GetString(await PublishingFixture.DownloadAsync(Client(), RepositoryLayout.File("acme.extra", "2.0.0", "readme.txt"))));

        // A delegated publisher's module is found through the delegation.
        editor.Delegate("acme", PublishingDelegationTests.AcmePdfPatterns[..4]);
        editor.Publish(fx.ModuleFolder("pdf", "pdf", withAssembly: false), "acme.pdf", "1.0.0");
        var client = Client();
        var info = await client.GetTargetInfoAsync(RepositoryLayout.File("acme.pdf", "1.0.0", "readme.txt"), CancellationToken.None);
        Assert.Equal("acme", info!.Role);
        Assert.Equal("pdf", Encoding.UTF8.GetString(await PublishingFixture.DownloadAsync(client, RepositoryLayout.File("acme.pdf", "1.0.0", "readme.txt"))));
        Assert.True(server.RequestCount > 10);
    }

    [Fact]
    public async Task A_file_changed_on_the_server_after_signing_is_refused()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        using (var editor = fx.Open())
        {
            editor.Publish(fx.ModuleFolder(), "acme.extra", "1.0.0");
        }
        var target = RepositoryLayout.File("acme.extra", "1.0.0", "readme.txt");
        var sha = RepositoryEditorTests.TargetsOf(fx, "targets")[target]!["hashes"]!["sha256"]!.GetValue<string>();
        File.WriteAllText(Path.Combine(fx.Repo, "targets", "modules", "acme.extra", "1.0.0", "files", $"{sha}.readme.txt"), "HELLO");
        await using var server = await SummonRepositoryServer.StartAsync(fx.Repo);
        using var fetcher = new HttpFetcher();
        var client = fx.Client(fetcher, new Uri(server.Url, "metadata/"), new Uri(server.Url, "targets/"));

        await Assert.ThrowsAnyAsync<SummonException>(() => PublishingFixture.DownloadAsync(client, target));
    }
}
