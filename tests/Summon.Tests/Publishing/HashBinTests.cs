using System.Text;
using System.Text.Json.Nodes;
using Summon.Modules;
using Summon.Publishing;
using Summon.Publishing.Keys;
using Summon.Trust;

namespace Summon.Tests.Publishing;

/// <summary>Hashed bins are written as one TUF succinct delegation (TAP 15), laid out exactly as clients compute them.</summary>
public class HashBinTests
{
    private static JsonObject CurrentSigned(PublishingFixture fx, string role) => fx.Signed($"{fx.CurrentVersion(role)}.{role}.json");

    private static HashBinLayout ClientBins(PublishingFixture fx) =>
        TargetsMetadata.Parse(CurrentSigned(fx, "targets"), "targets").Delegations!.SuccinctRoles!.Layout;

    private static RepositoryState LoadState(PublishingFixture fx, KeyRing keys) =>
        RepositoryState.Load(new RepositoryPaths(fx.Repo), keys, () => DateTimeOffset.UtcNow);

    [Fact]
    public void A_binned_targets_file_holds_one_succinct_delegation_and_no_entry_per_bin()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        using var editor = fx.Open();

        var names = editor.DelegateHashBins(2048);

        Assert.Equal("bins-000", names[0]);
        Assert.Equal("bins-7ff", names[^1]);
        Assert.Equal(2048, names.Distinct().Count());
        var delegations = CurrentSigned(fx, "targets")["delegations"]!.AsObject();
        Assert.Null(delegations["roles"]);
        var succinct = delegations["succinct_roles"]!;
        Assert.Equal(11, succinct["bit_length"]!.GetValue<int>());
        Assert.Equal("bins", succinct["name_prefix"]!.GetValue<string>());
        Assert.Equal(1, succinct["threshold"]!.GetValue<int>());
        var keyId = Assert.Single(succinct["keyids"]!.AsArray())!.GetValue<string>();
        Assert.Equal([keyId], delegations["keys"]!.AsObject().Select(k => k.Key));
        var file = new FileInfo(Path.Combine(fx.Repo, "metadata", $"{fx.CurrentVersion("targets")}.targets.json"));
        Assert.InRange(file.Length, 1, 2048);
        Assert.All(names.Take(3).Concat(names.TakeLast(3)), n => Assert.Equal(1, fx.CurrentVersion(n)));
    }

    [Fact]
    public void The_writer_puts_every_path_in_the_bin_the_client_names()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        using (var editor = fx.Open())
        {
            editor.DelegateHashBins(2048);
            var source = fx.ModuleFolder(withAssembly: false);
            editor.PublishMany(Enumerable.Range(0, 40).Select(i => (source, $"acme.m{i}", "1.0.0")));
        }
        var client = ClientBins(fx);

        // What the writer did: every target it signed sits in the bin a client will ask for it.
        var placed = 0;
        foreach (var bin in Enumerable.Range(0, 2048).Select(i => client.BinName(i)))
        {
            foreach (var (path, _) in CurrentSigned(fx, bin)["targets"]!.AsObject())
            {
                Assert.Equal(client.RoleForTarget(path), bin);
                placed++;
            }
        }
        Assert.True(placed >= 150, $"only {placed} targets were published");

        // What the writer would do, over many more paths (including non-ASCII ones, hashed as UTF-8).
        using var keys = KeyRing.Open(fx.Keys, create: false);
        var state = LoadState(fx, keys);
        foreach (var path in Enumerable.Range(0, 5000).Select(i => $"modules/m{i}/{i % 7}.0.0/files/{(i % 3 == 0 ? "é" : "")}{i}.dll"))
        {
            Assert.Equal(client.RoleForTarget(path), TargetsEditor.RoleFor(state, path));
        }
    }

    [Fact]
    public async Task The_delegators_own_targets_move_into_their_bins_and_clients_find_them_there()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        using var editor = fx.Open();
        editor.Publish(fx.ModuleFolder(), "acme.extra", "1.0.0");
        var before = RepositoryEditorTests.TargetsOf(fx, "targets").Select(t => t.Key).ToList();

        editor.DelegateHashBins(64);

        Assert.Empty(RepositoryEditorTests.TargetsOf(fx, "targets"));
        var client = ClientBins(fx);
        Assert.All(before, path => Assert.True(RepositoryEditorTests.TargetsOf(fx, client.RoleForTarget(path)).ContainsKey(path), path));
        var manifest = RepositoryLayout.Manifest("acme.extra", "1.0.0");
        var info = await fx.Client().GetTargetInfoAsync(manifest, CancellationToken.None);
        Assert.Equal(client.RoleForTarget(manifest), info!.Role);
    }

    [Fact]
    public async Task Rotating_one_bins_keys_rotates_the_shared_key_and_re_signs_every_bin()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        using var editor = fx.Open();
        var names = editor.DelegateHashBins(16);
        editor.Publish(fx.ModuleFolder(), "acme.extra", "1.0.0");
        var earlyClient = fx.Client();
        await earlyClient.RefreshAsync(CancellationToken.None);
        var oldKey = CurrentSigned(fx, "targets")["delegations"]!["succinct_roles"]!["keyids"]![0]!.GetValue<string>();
        var versions = names.ToDictionary(n => n, fx.CurrentVersion);

        Assert.Null(editor.RotateKeys("bins-3"));

        Assert.Equal(16, editor.HashBinsSharingKeys("bins-3"));
        var delegations = CurrentSigned(fx, "targets")["delegations"]!;
        var newKey = delegations["succinct_roles"]!["keyids"]![0]!.GetValue<string>();
        Assert.NotEqual(oldKey, newKey);
        Assert.Equal([newKey], delegations["keys"]!.AsObject().Select(k => k.Key));
        Assert.All(names, n => Assert.True(fx.CurrentVersion(n) > versions[n], $"{n} was not re-signed"));
        Assert.Single(Directory.GetFiles(fx.Keys, $"bins-{newKey[..8]}.json"));

        var file = RepositoryLayout.File("acme.extra", "1.0.0", "readme.txt");
        Assert.Equal("hello", Encoding.UTF8.GetString(await PublishingFixture.DownloadAsync(fx.Client(), file)));
        await earlyClient.RefreshAsync(CancellationToken.None);
        Assert.Equal("hello", Encoding.UTF8.GetString(await PublishingFixture.DownloadAsync(earlyClient, file)));
    }

    [Fact]
    public void A_path_delegation_from_a_role_that_delegates_to_bins_is_refused_naming_the_way_out()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        using var editor = fx.Open();
        editor.DelegateHashBins(16);
        var targetsVersion = fx.CurrentVersion("targets");
        var keyFiles = Directory.GetFiles(fx.Keys).Length;

        var refused = Assert.Throws<PublishingException>(() => editor.Delegate("acme", PublishingDelegationTests.AcmePdfPatterns));

        Assert.Contains("'targets' delegates to 16 hashed bins", refused.Message);
        Assert.Contains("--from", refused.Message);
        Assert.Equal(targetsVersion, fx.CurrentVersion("targets"));
        Assert.Equal(keyFiles, Directory.GetFiles(fx.Keys).Length);
    }

    [Fact]
    public void Hashed_bins_from_a_role_that_delegates_to_named_roles_are_refused_naming_the_way_out()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        using var editor = fx.Open();
        editor.Delegate("acme", PublishingDelegationTests.AcmePdfPatterns);
        var targetsVersion = fx.CurrentVersion("targets");
        var keyFiles = Directory.GetFiles(fx.Keys).Length;

        var refused = Assert.Throws<PublishingException>(() => editor.DelegateHashBins(16));

        Assert.Contains("'targets' already delegates to 'acme'", refused.Message);
        Assert.Contains("delegate-bins <count> --from <role>", refused.Message);
        Assert.Equal(targetsVersion, fx.CurrentVersion("targets"));
        Assert.Equal(keyFiles, Directory.GetFiles(fx.Keys).Length);
    }

    [Fact]
    public async Task Bins_under_a_role_of_their_own_sit_beside_path_delegations()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        using var editor = fx.Open();
        editor.Delegate("acme", PublishingDelegationTests.AcmePdfPatterns, terminating: true);
        editor.Delegate("everyone", ["modules/*", "modules/*/*", "modules/*/*/*", "modules/*/*/files/*", "modules/*/*/files/*/*", "assemblies/*"]);

        var names = editor.DelegateHashBins(8, delegator: "everyone");
        editor.Publish(fx.ModuleFolder(), "acme.pdf", "1.0.0");
        editor.Publish(fx.ModuleFolder("other", withAssembly: false), "other", "1.0.0");

        var client = fx.Client();
        Assert.Equal("acme", (await client.GetTargetInfoAsync(RepositoryLayout.Manifest("acme.pdf", "1.0.0"), CancellationToken.None))!.Role);
        Assert.Contains((await client.GetTargetInfoAsync(RepositoryLayout.Manifest("other", "1.0.0"), CancellationToken.None))!.Role, names);
        var delegations = CurrentSigned(fx, "everyone")["delegations"]!;
        Assert.Null(delegations["roles"]);
        Assert.Equal(3, delegations["succinct_roles"]!["bit_length"]!.GetValue<int>());
    }

    [Fact]
    public void Bins_laid_out_in_more_bits_than_the_tools_edit_are_refused_saying_clients_still_read_them()
    {
        var foreign = JsonNode.Parse("""{ "keys": {}, "succinct_roles": { "keyids": [], "threshold": 1, "bit_length": 20, "name_prefix": "bins" } }""");

        var refused = Assert.Throws<PublishingException>(() => Summon.Publishing.Metadata.HashBins.Of(foreign));

        Assert.Contains("of 20 bits", refused.Message);
        Assert.Contains("Clients still read it", refused.Message);
        Assert.Contains("publish to it with the tool that laid out its bins", refused.Message);
    }
}
