using System.Text;
using Summon.Modules;
using Summon.Publishing;

namespace Summon.Tests.Publishing;

public class KeyRotationTests
{
    [Theory]
    [InlineData("targets")]
    [InlineData("snapshot")]
    [InlineData("timestamp")]
    [InlineData("root")]
    public async Task A_client_that_trusted_the_old_keys_follows_a_rotation(string role)
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        using var editor = fx.Open();
        editor.Publish(fx.ModuleFolder(), "acme.extra", "1.0.0");
        await fx.Client().RefreshAsync(CancellationToken.None);
        var oldKeyIds = fx.Signed("root.json")["roles"]![role]!["keyids"]!.AsArray().Select(k => k!.GetValue<string>()).ToList();

        var change = editor.RotateKeys(role);

        Assert.NotNull(change);
        Assert.True(change.Published);
        Assert.Equal(2, fx.Version("root.json"));
        var newKeyIds = fx.Signed("2.root.json")["roles"]![role]!["keyids"]!.AsArray().Select(k => k!.GetValue<string>()).ToList();
        Assert.Empty(newKeyIds.Intersect(oldKeyIds));
        Assert.All(oldKeyIds, id => Assert.Null(fx.Signed("2.root.json")["keys"]![id]));
        var client = fx.Client();
        await client.RefreshAsync(CancellationToken.None);
        Assert.Equal("hello", Encoding.UTF8.GetString(await PublishingFixture.DownloadAsync(client, RepositoryLayout.File("acme.extra", "1.0.0", "readme.txt"))));
    }

    [Fact]
    public async Task A_client_that_skipped_many_root_versions_catches_up()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        using (var editor = fx.Open())
        {
            for (var i = 0; i < 5; i++)
            {
                editor.RotateKeys("root");
                editor.RotateKeys("targets", Summon.Publishing.Keys.SigningKeyType.Ed25519);
            }
            editor.Publish(fx.ModuleFolder(), "acme.extra", "1.0.0");
        }
        Assert.Equal(11, fx.Version("root.json"));
        var client = fx.Client();
        await client.RefreshAsync(CancellationToken.None);
        Assert.NotNull(await client.GetTargetInfoAsync(RepositoryLayout.Manifest("acme.extra", "1.0.0"), CancellationToken.None));
    }

    [Fact]
    public async Task With_the_root_key_offline_a_new_root_waits_for_sign_root()
    {
        using var fx = new PublishingFixture();
        var offline = fx.Combine("offline");
        fx.Init(new RepositoryInitOptions { RootKeysDirectory = offline }).Dispose();
        Assert.Empty(Directory.GetFiles(fx.Keys, "root-*.json"));
        var rootKey = Assert.Single(Directory.GetFiles(offline, "root-*.json"));

        using var editor = fx.Open();
        var change = editor.RotateKeys("targets");
        Assert.NotNull(change);
        Assert.False(change.Published);
        Assert.Equal(1, change.MissingSignatures);
        Assert.False(File.Exists(Path.Combine(fx.Repo, "metadata", "2.root.json")));
        Assert.True(File.Exists(Path.Combine(fx.Keys, "pending", "root.json")));

        // Until the root is published the old targets key still signs: publishing keeps working.
        editor.Publish(fx.ModuleFolder(), "acme.extra", "1.0.0");

        var signed = editor.SignRoot(rootKey);
        Assert.True(signed.Published);
        Assert.Equal(2, fx.Version("root.json"));
        Assert.False(File.Exists(Path.Combine(fx.Keys, "pending", "root.json")));

        var client = fx.Client();
        await client.RefreshAsync(CancellationToken.None);
        Assert.NotNull(await client.GetTargetInfoAsync(RepositoryLayout.Manifest("acme.extra", "1.0.0"), CancellationToken.None));
    }

    [Fact]
    public async Task Changes_made_while_a_root_waits_for_signatures_accumulate_in_it()
    {
        using var fx = new PublishingFixture();
        var offline = fx.Combine("offline");
        fx.Init(new RepositoryInitOptions { RootKeysDirectory = offline }).Dispose();
        using var editor = fx.Open();
        var oldRoot = fx.Signed("root.json")["roles"]!["root"]!["keyids"]![0]!.GetValue<string>();
        var oldTimestamp = fx.Signed("root.json")["roles"]!["timestamp"]!["keyids"]![0]!.GetValue<string>();

        Assert.False(editor.RotateKeys("root")!.Published);
        Assert.False(editor.RotateKeys("timestamp")!.Published);
        Assert.True(editor.SignRoot(Directory.GetFiles(offline, "root-*.json").Single()).Published);

        var root = fx.Signed("2.root.json");
        Assert.NotEqual(oldRoot, root["roles"]!["root"]!["keyids"]![0]!.GetValue<string>());
        Assert.NotEqual(oldTimestamp, root["roles"]!["timestamp"]!["keyids"]![0]!.GetValue<string>());
        await fx.Client().RefreshAsync(CancellationToken.None);
    }

    [Fact]
    public void Rotating_with_an_offline_root_threshold_of_two_needs_both_keys()
    {
        using var fx = new PublishingFixture();
        var offline = fx.Combine("offline");
        fx.Init(new RepositoryInitOptions
        {
            RootKeysDirectory = offline,
            Thresholds = new Dictionary<string, int> { ["root"] = 2 },
        }).Dispose();
        var rootKeys = Directory.GetFiles(offline, "root-*.json");
        Assert.Equal(2, rootKeys.Length);

        using var editor = fx.Open();
        Assert.Equal(2, editor.RotateKeys("snapshot")!.MissingSignatures);
        var first = editor.SignRoot(rootKeys[0]);
        Assert.Equal((false, 1), (first.Published, first.MissingSignatures));
        Assert.True(editor.SignRoot(rootKeys[1]).Published);
        Assert.Equal(2, fx.Version("root.json"));
    }
}
