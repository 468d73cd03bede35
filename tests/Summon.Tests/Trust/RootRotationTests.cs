using Summon.Tests.Trust.Simulator;
using Summon.Trust;

namespace Summon.Tests.Trust;

public sealed class RootRotationTests : TrustTestBase
{
    [Fact]
    public async Task Client_that_skipped_many_rotations_catches_up_version_by_version()
    {
        for (var i = 0; i < 10; i++)
        {
            Repo.RotateKeys("root");
            Repo.BumpRoot();
        }

        await RefreshAsync();

        Assert.Equal(11, LocalVersion("root"));
        Assert.Equal(Enumerable.Range(2, 11).Select(v => (long?)v), Repo.MetadataRequests.Where(r => r.Role == "root").Select(r => r.Version));
    }

    [Fact]
    public async Task New_root_not_signed_by_the_old_keys_is_refused()
    {
        Repo.RotateKeys("root");
        Repo.ExtraRootSigners.Clear();
        Repo.BumpRoot();

        var error = await RefreshFailsAsync();

        Assert.Equal(("root", TrustCheck.Signature), (error.Role, error.Check));
        Assert.Equal(1, LocalVersion("root"));
    }

    [Fact]
    public async Task New_root_not_signed_by_its_own_keys_is_refused()
    {
        var old = Repo.Signer("root").ToList();
        Repo.RotateKeys("root");
        Repo.Signer("root").Clear();
        Repo.Signer("root").AddRange(old);
        Repo.BumpRoot();

        var error = await RefreshFailsAsync();

        Assert.Equal(("root", TrustCheck.Signature), (error.Role, error.Check));
        Assert.Equal(1, LocalVersion("root"));
    }

    [Fact]
    public async Task Root_that_skips_a_version_is_refused()
    {
        RepositorySimulator.SetVersion(Repo.Root, 3);
        Repo.PublishRoot();

        var error = await RefreshFailsAsync();

        Assert.Equal(("root", TrustCheck.Version), (error.Role, error.Check));
    }

    [Fact]
    public async Task Rotation_loop_stops_at_the_cap()
    {
        for (var i = 0; i < 5; i++)
        {
            Repo.BumpRoot();
        }

        await RefreshAsync(new UpdaterOptions { MaxRootRotations = 3 });

        Assert.Equal(4, LocalVersion("root"));
    }

    [Fact]
    public async Task Root_larger_than_the_cap_is_not_downloaded()
    {
        Repo.BumpRoot();

        await Assert.ThrowsAsync<DownloadException>(() => NewUpdater(new UpdaterOptions { RootMaxLength = 100 }).RefreshAsync(CancellationToken.None));

        Assert.Equal(1, LocalVersion("root"));
    }

    [Fact]
    public async Task Unknown_fields_in_a_new_root_are_signed_over_and_accepted()
    {
        Repo.Root["custom-field"] = "value";
        ((System.Text.Json.Nodes.JsonObject)Repo.Root["roles"]!["root"]!)["another"] = new System.Text.Json.Nodes.JsonObject { ["a"] = 1, ["b"] = 2 };
        Repo.BumpRoot();

        await RefreshAsync();

        Assert.Equal(2, LocalVersion("root"));
    }

    [Fact]
    public async Task Threshold_raised_to_two_needs_two_new_signatures()
    {
        Repo.AddKey("root");
        Repo.RoleEntry("root")["threshold"] = 2;
        Repo.BumpRoot();

        await RefreshAsync();

        Assert.Equal(2, LocalVersion("root"));
    }
}
