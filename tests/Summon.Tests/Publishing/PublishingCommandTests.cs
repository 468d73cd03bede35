using Summon.Modules;
using Summon.Tests.EndToEnd;

namespace Summon.Tests.Publishing;

/// <summary>The <c>summon repo</c> and <c>publish</c> commands, run as the real tool: exit codes, effects, one-line errors.</summary>
public class PublishingCommandTests
{
    private static async Task<int> RunAsync(params string[] args)
    {
        var result = await Cli.RunAsync(args);
        if (result.ExitCode != 0)
        {
            Assert.DoesNotContain("   at ", result.StandardError);
            Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        return result.ExitCode;
    }

    [Fact]
    public async Task Refresh_fails_with_advice_when_an_expiring_role_s_key_is_kept_elsewhere()
    {
        using var fx = new PublishingFixture();
        Assert.Equal(0, await RunAsync("repo", "init", fx.Repo, "--keys", fx.Keys));
        // The targets key kept offline, as a careful repository owner does.
        var offline = Directory.CreateDirectory(fx.Combine("offline-keys")).FullName;
        foreach (var targetsKey in Directory.GetFiles(fx.Keys, "targets-*.json"))
        {
            File.Move(targetsKey, Path.Combine(offline, Path.GetFileName(targetsKey)));
        }

        var refresh = await Cli.RunAsync("repo", "refresh", "--within", "3650d", "--repo", fx.Repo, "--keys", fx.Keys);

        Assert.True(refresh.ExitCode == 1, refresh.Output);
        Assert.Contains("Cannot re-sign 'targets'", refresh.StandardError);
        Assert.Contains("summon repo refresh --keys", refresh.StandardError);
        Assert.Contains("Re-signed meanwhile: root, snapshot, timestamp", refresh.StandardError);
    }

    [Fact]
    public async Task Rotating_a_delegated_role_says_its_delegation_was_published_not_a_root()
    {
        using var fx = new PublishingFixture();
        Assert.Equal(0, await RunAsync("repo", "init", fx.Repo, "--keys", fx.Keys));
        Assert.Equal(0, await RunAsync("repo", "delegate", "fonts", "--path", "modules/acme.fonts/*", "--repo", fx.Repo, "--keys", fx.Keys));

        var rotate = await Cli.RunAsync("repo", "rotate", "fonts", "--repo", fx.Repo, "--keys", fx.Keys);

        Assert.True(rotate.ExitCode == 0, rotate.Output);
        Assert.Contains("Published the delegation of 'fonts'", rotate.StandardOutput);
        Assert.DoesNotContain("root version", rotate.StandardOutput);
    }

    [Fact]
    public async Task Rotating_a_hashed_bin_says_every_bin_shares_the_new_keys()
    {
        using var fx = new PublishingFixture();
        Assert.Equal(0, await RunAsync("repo", "init", fx.Repo, "--keys", fx.Keys));
        var bins = await Cli.RunAsync("repo", "delegate-bins", "16", "--repo", fx.Repo, "--keys", fx.Keys);
        Assert.True(bins.ExitCode == 0, bins.Output);
        Assert.Contains("16 hashed bins (bins-0 … bins-f)", bins.StandardOutput);

        var rotate = await Cli.RunAsync("repo", "rotate", "bins-3", "--repo", fx.Repo, "--keys", fx.Keys);

        Assert.True(rotate.ExitCode == 0, rotate.Output);
        Assert.Contains("'bins-3' is one of 16 hashed bins", rotate.StandardOutput);
        Assert.Contains("re-signed every bin", rotate.StandardOutput);
    }

    [Fact]
    public async Task Delegating_paths_from_a_role_with_hashed_bins_fails_with_the_way_out()
    {
        using var fx = new PublishingFixture();
        Assert.Equal(0, await RunAsync("repo", "init", fx.Repo, "--keys", fx.Keys));
        Assert.Equal(0, await RunAsync("repo", "delegate-bins", "16", "--repo", fx.Repo, "--keys", fx.Keys));

        var refused = await Cli.RunAsync("repo", "delegate", "fonts", "--path", "modules/acme.fonts/*", "--repo", fx.Repo, "--keys", fx.Keys);

        Assert.True(refused.ExitCode == 1, refused.Output);
        Assert.Contains("delegate-bins <count> --from <role>", refused.StandardError);
    }

    [Fact]
    public async Task Init_publish_revoke_rotate_and_refresh_from_the_command_line()
    {
        using var fx = new PublishingFixture();
        var module = fx.ModuleFolder();

        Assert.Equal(0, await RunAsync("repo", "init", fx.Repo, "--keys", fx.Keys, "--key-type", "rsa", "--threshold", "targets=2"));
        Assert.Equal(0, await RunAsync("publish", module, "--id", "acme.extra", "--version", "1.0.0", "--repo", fx.Repo, "--keys", fx.Keys, "--depends", "acme.core@[1.0,2.0)"));
        Assert.Equal(1, await RunAsync("publish", module, "--id", "acme.extra", "--version", "1.0.0", "--repo", fx.Repo, "--keys", fx.Keys));
        Assert.Equal(0, await RunAsync("repo", "revoke", "acme.extra@1.0.0", "--reason", "broken", "--repo", fx.Repo, "--keys", fx.Keys));
        Assert.Equal(0, await RunAsync("repo", "rotate", "targets", "--repo", fx.Repo, "--keys", fx.Keys));
        Assert.Equal(0, await RunAsync("repo", "refresh", "--within", "2d", "--repo", fx.Repo, "--keys", fx.Keys));

        Assert.Equal(2, fx.Version("root.json"));
        Assert.Equal(2, fx.Signed("root.json")["roles"]!["targets"]!["keyids"]!.AsArray().Count);
        var index = ModuleIndex.Parse(await PublishingFixture.DownloadAsync(fx.Client(), RepositoryLayout.ModuleIndex("acme.extra")), "test");
        Assert.Equal("broken", Assert.Single(index.Versions).RevokedReason);
    }

    [Theory]
    [InlineData(2, "repo", "init", "{repo}", "--keys", "{keys}", "--key-type", "dsa")]
    [InlineData(2, "repo", "init", "{repo}", "--keys", "{keys}", "--threshold", "root=two")]
    [InlineData(1, "repo", "init", "{repo}", "--keys", "{repo}/keys")]
    [InlineData(1, "publish", "{repo}", "--id", "acme.extra", "--version", "1.0.0", "--repo", "{repo}", "--keys", "{keys}")]
    [InlineData(2, "repo", "revoke", "acme.extra", "--reason", "x", "--repo", "{repo}", "--keys", "{keys}")]
    [InlineData(1, "repo", "refresh", "--within", "soon", "--repo", "{repo}", "--keys", "{keys}")]
    public async Task Bad_input_is_a_non_zero_exit(int expected, params string[] args)
    {
        using var fx = new PublishingFixture();
        var resolved = args.Select(a => a.Replace("{repo}", fx.Repo).Replace("{keys}", fx.Keys)).ToArray();
        var code = await RunAsync(resolved);
        Assert.NotEqual(0, code);
        if (expected == 2)
        {
            Assert.Equal(2, code);
        }
    }
}
