using Summon.Tests.Trust.Simulator;
using Summon.Trust;

namespace Summon.Tests.Trust;

public sealed class DelegationTests : TrustTestBase
{
    /// <summary>Delegations as (delegator, role, terminating, paths); the walk must visit roles in pre-order depth-first order.</summary>
    public static TheoryData<string, (string, string, bool, string[]?)[], string[]> Graphs => new()
    {
        { "basic", [("targets", "A", false, null)], ["A"] },
        { "single level", [("targets", "A", false, null), ("targets", "B", false, null)], ["A", "B"] },
        { "two level", [("targets", "A", false, null), ("targets", "B", false, null), ("B", "C", false, null)], ["A", "B", "C"] },
        { "dfs order", [("targets", "A", false, null), ("targets", "B", false, null), ("A", "C", false, null), ("A", "D", false, null)], ["A", "C", "D", "B"] },
        { "three level dfs", [("targets", "A", false, null), ("targets", "B", false, null), ("A", "C", false, null), ("C", "D", false, null)], ["A", "C", "D", "B"] },
        { "terminating stops siblings", [("targets", "A", false, null), ("targets", "B", false, null), ("A", "C", true, null), ("A", "D", false, null)], ["A", "C"] },
        { "terminating keeps descendants", [("targets", "A", false, null), ("targets", "B", false, null), ("A", "C", true, null), ("C", "D", false, null)], ["A", "C", "D"] },
        { "unmatched branch skipped", [("targets", "A", false, ["*.py"]), ("targets", "B", false, null), ("A", "C", false, null)], ["B"] },
        { "unmatched grandchild skipped", [("targets", "A", false, null), ("targets", "B", false, null), ("A", "C", false, ["*.py"]), ("C", "D", false, null)], ["A", "B"] },
        { "cycle", [("targets", "A", false, null), ("targets", "B", false, null), ("B", "C", false, null), ("C", "D", false, null), ("D", "B", false, null)], ["A", "B", "C", "D"] },
        { "shared child reached first through first parent", [("targets", "A", false, null), ("targets", "B", false, null), ("B", "C", false, null), ("A", "C", false, null)], ["A", "C", "B"] },
    };

    [Theory]
    [MemberData(nameof(Graphs))]
    public async Task Delegations_are_walked_pre_order_depth_first(string name, (string, string, bool, string[]?)[] delegations, string[] expected)
    {
        Assert.NotEmpty(name);
        foreach (var (delegator, role, terminating, paths) in delegations)
        {
            if (Repo.Targets.ContainsKey(role))
            {
                // A second delegation to an existing role reuses its key.
                var key = Repo.Signer(role)[0];
                var entry = Repo.AddDelegation(delegator, role, terminating, paths);
                Repo.Signer(role).RemoveAt(Repo.Signer(role).Count - 1);
                ((System.Text.Json.Nodes.JsonArray)entry["keyids"]!).Clear();
                ((System.Text.Json.Nodes.JsonArray)entry["keyids"]!).Add(key.KeyId);
                ((System.Text.Json.Nodes.JsonObject)Repo.Targets[delegator]["delegations"]!["keys"]!)[key.KeyId] = key.ToJson();
            }
            else
            {
                Repo.AddDelegation(delegator, role, terminating, paths);
            }
        }
        foreach (var targets in Repo.Targets.Values)
        {
            Repo.Bump(targets);
        }
        Repo.UpdateSnapshot();

        Assert.Null(await NewUpdater().GetTargetInfoAsync("missingpath", CancellationToken.None));

        Assert.Equal(expected, Repo.MetadataRequests.Skip(4).Select(r => r.Role));
    }

    [Theory]
    [InlineData("targetfile", "targets", new string[0])]
    [InlineData("README.md", "A", new[] { "A" })]
    [InlineData("releases/x/x_v1", "C", new[] { "B", "C" })]
    [InlineData("releases/y/y_v1.zip", "D", new[] { "B", "D" })]
    [InlineData("releases/z/z_v1.zip", null, new[] { "B" })]
    public async Task Target_is_found_in_the_role_its_path_is_delegated_to(string path, string? owner, string[] visited)
    {
        Repo.AddDelegation("targets", "A", paths: ["*.doc", "*.md"]);
        Repo.AddDelegation("targets", "B", paths: ["releases/*/*"]);
        Repo.AddDelegation("B", "C", paths: ["releases/x/*"]);
        Repo.AddDelegation("B", "D", paths: ["releases/y/*.zip"]);
        Repo.AddArtifact("targets", "targetfile", "t"u8.ToArray());
        Repo.AddArtifact("A", "README.md", "a"u8.ToArray());
        Repo.AddArtifact("C", "releases/x/x_v1", "c"u8.ToArray());
        Repo.AddArtifact("D", "releases/y/y_v1.zip", "d"u8.ToArray());
        Repo.AddArtifact("D", "releases/z/z_v1.zip", "z"u8.ToArray());
        Repo.UpdateSnapshot();
        var updater = NewUpdater();

        var target = await updater.GetTargetInfoAsync(path, CancellationToken.None);

        Assert.Equal(owner, target?.Role);
        Assert.Equal(visited, Repo.MetadataRequests.Skip(4).Select(r => r.Role));
        if (target is not null)
        {
            using var buffer = new MemoryStream();
            await updater.DownloadTargetAsync(target, buffer, CancellationToken.None);
            Assert.Equal(Repo.Artifacts[path], buffer.ToArray());
        }
    }

    [Fact]
    public async Task Hash_prefix_delegation_routes_a_path_to_its_bin()
    {
        // sha256("foo") starts with 2c.
        Repo.AddDelegation("targets", "bin-0", hashPrefixes: ["0", "1"]);
        Repo.AddDelegation("targets", "bin-2", hashPrefixes: ["2"]);
        Repo.AddArtifact("bin-2", "foo", "x"u8.ToArray());
        Repo.UpdateSnapshot();

        var target = await NewUpdater().GetTargetInfoAsync("foo", CancellationToken.None);

        Assert.Equal("bin-2", target?.Role);
        Assert.Equal(["bin-2"], Repo.MetadataRequests.Skip(4).Select(r => r.Role));
    }

    [Fact]
    public async Task Succinct_hash_bins_route_a_path_to_exactly_one_bin()
    {
        Repo.AddSuccinctDelegation("targets", bitLength: 8, namePrefix: "bins");
        Repo.AddArtifact("bins-2c", "foo", "x"u8.ToArray());
        Repo.UpdateSnapshot();

        var target = await NewUpdater().GetTargetInfoAsync("foo", CancellationToken.None);

        Assert.Equal("bins-2c", target?.Role);
        Assert.Equal(["bins-2c"], Repo.MetadataRequests.Skip(4).Select(r => r.Role));
    }

    [Fact]
    public async Task Delegated_role_signed_by_a_key_its_delegator_does_not_list_is_refused()
    {
        Repo.AddDelegation("targets", "A");
        Repo.Signer("A").Clear();
        Repo.Signer("A").Add(Repo.Signer("targets")[0]);
        Repo.UpdateSnapshot();

        var error = await Assert.ThrowsAsync<TrustException>(() => NewUpdater().GetTargetInfoAsync("x", CancellationToken.None));

        Assert.Equal(("A", TrustCheck.Signature), (error.Role, error.Check));
    }

    [Fact]
    public async Task Delegated_role_missing_from_snapshot_is_refused()
    {
        Repo.AddDelegation("targets", "A");
        Repo.UpdateSnapshot();
        ((System.Text.Json.Nodes.JsonObject)Repo.Snapshot["meta"]!).Remove("A.json");
        Repo.Bump(Repo.Snapshot);
        Repo.UpdateTimestamp();

        var error = await Assert.ThrowsAsync<TrustException>(() => NewUpdater().GetTargetInfoAsync("x", CancellationToken.None));

        Assert.Equal("A", error.Role);
    }

    [Fact]
    public async Task Walk_stops_after_the_maximum_number_of_roles()
    {
        for (var i = 0; i < 10; i++)
        {
            Repo.AddDelegation("targets", $"r{i}");
        }
        Repo.UpdateSnapshot();

        Assert.Null(await NewUpdater(new UpdaterOptions { MaxDelegations = 3 }).GetTargetInfoAsync("x", CancellationToken.None));

        Assert.Equal(["r0", "r1", "r2"], Repo.MetadataRequests.Skip(4).Select(r => r.Role));
    }

    [Fact]
    public async Task Delegated_metadata_is_stored_and_reused_by_the_next_run()
    {
        Repo.AddDelegation("targets", "A");
        Repo.UpdateSnapshot();
        await NewUpdater().GetTargetInfoAsync("x", CancellationToken.None);
        Repo.MetadataRequests.Clear();

        await NewUpdater().GetTargetInfoAsync("x", CancellationToken.None);

        Assert.Equal(["root", "timestamp"], Repo.MetadataRequests.Select(r => r.Role));
        Assert.Equal(1, LocalVersion("A"));
    }

    [Fact]
    public async Task Delegated_role_with_a_threshold_of_two_needs_two_keys()
    {
        Repo.AddDelegation("targets", "A");
        Repo.AddKey("A", "targets");
        Repo.RoleEntry("A", "targets")["threshold"] = 2;
        Repo.AddArtifact("A", "file", "x"u8.ToArray());
        Repo.UpdateSnapshot();

        Assert.NotNull(await NewUpdater().GetTargetInfoAsync("file", CancellationToken.None));
    }
}
