using System.Text.Json.Nodes;
using Summon.Tests.Trust.Simulator;

namespace Summon.Tests.Trust;

/// <summary>The attacks of the TUF specification (section 1.5.2), each mounted against the updater over the simulator.</summary>
public sealed class AttackTests : TrustTestBase
{
    [Fact]
    public async Task Rollback_of_timestamp_is_refused_and_the_trusted_timestamp_kept()
    {
        Repo.UpdateTimestamp();
        await RefreshAsync();
        RepositorySimulator.SetVersion(Repo.Timestamp, 1);

        var error = await RefreshFailsAsync();

        Assert.Equal(("timestamp", TrustCheck.Version), (error.Role, error.Check));
        Assert.Equal(2, LocalVersion("timestamp"));
    }

    [Fact]
    public async Task Rollback_of_snapshot_listed_by_a_new_timestamp_is_refused()
    {
        Repo.UpdateSnapshot();
        await RefreshAsync();
        RepositorySimulator.SetVersion(Repo.Snapshot, 1);
        Repo.UpdateTimestamp();

        var error = await RefreshFailsAsync();

        Assert.Equal(("timestamp", TrustCheck.Version), (error.Role, error.Check));
        Assert.Equal(2, LocalVersion("snapshot"));
        Assert.Equal(2, LocalVersion("timestamp"));
    }

    [Fact]
    public async Task Rollback_of_targets_listed_by_a_new_snapshot_is_refused()
    {
        Repo.Bump(Repo.Targets["targets"]);
        Repo.UpdateSnapshot();
        await RefreshAsync();
        RepositorySimulator.SetVersion(Repo.Targets["targets"], 1);
        Repo.UpdateSnapshot();

        var error = await RefreshFailsAsync();

        Assert.Equal(("snapshot", TrustCheck.Version), (error.Role, error.Check));
        Assert.Equal(2, LocalVersion("targets"));
        Assert.Equal(2, LocalVersion("snapshot"));
    }

    [Fact]
    public async Task Snapshot_that_drops_a_role_is_refused()
    {
        Repo.AddDelegation("targets", "a");
        Repo.Bump(Repo.Targets["targets"]);
        Repo.UpdateSnapshot();
        await RefreshAsync();
        ((JsonObject)Repo.Snapshot["meta"]!).Remove("a.json");
        Repo.Bump(Repo.Snapshot);
        Repo.UpdateTimestamp();

        var error = await RefreshFailsAsync();

        Assert.Equal(("snapshot", TrustCheck.Version), (error.Role, error.Check));
    }

    [Fact]
    public async Task Indefinite_freeze_is_refused_once_the_timestamp_expires()
    {
        await RefreshAsync();
        Clock.Now = Clock.Now.AddDays(31);

        var error = await RefreshFailsAsync();

        Assert.Equal(TrustCheck.Expiry, error.Check);
        Assert.Equal(1, LocalVersion("timestamp"));
    }

    [Fact]
    public async Task Expired_timestamp_is_refused()
    {
        Repo.Timestamp["expires"] = "2001-01-01T00:00:00Z";
        Repo.UpdateTimestamp();

        var error = await RefreshFailsAsync();

        Assert.Equal(("timestamp", TrustCheck.Expiry), (error.Role, error.Check));
        Assert.Null(LocalVersion("timestamp"));
    }

    [Fact]
    public async Task Expired_snapshot_is_refused()
    {
        Repo.Snapshot["expires"] = "2001-01-01T00:00:00Z";
        Repo.UpdateSnapshot();

        var error = await RefreshFailsAsync();

        Assert.Equal(("snapshot", TrustCheck.Expiry), (error.Role, error.Check));
        Assert.Null(LocalVersion("snapshot"));
    }

    [Fact]
    public async Task Expired_targets_is_refused()
    {
        Repo.Targets["targets"]["expires"] = "2001-01-01T00:00:00Z";
        Repo.Bump(Repo.Targets["targets"]);
        Repo.UpdateSnapshot();

        var error = await RefreshFailsAsync();

        Assert.Equal(("targets", TrustCheck.Expiry), (error.Role, error.Check));
        Assert.Null(LocalVersion("targets"));
    }

    [Fact]
    public async Task Expired_final_root_is_refused_but_stays_trusted()
    {
        Repo.Root["expires"] = "2001-01-01T00:00:00Z";
        Repo.BumpRoot();

        var error = await RefreshFailsAsync();

        Assert.Equal(("root", TrustCheck.Expiry), (error.Role, error.Check));
        Assert.Equal(2, LocalVersion("root"));
    }

    [Fact]
    public async Task Expiry_is_judged_against_one_time_fixed_when_the_refresh_starts()
    {
        Repo.Snapshot["expires"] = Clock.Now.AddSeconds(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        Repo.UpdateSnapshot();
        var calls = 0;
        Repo.Serve = _ =>
        {
            // Time moves on while the refresh runs; the snapshot must still be judged at the start time.
            Clock.Now = Clock.Now.AddSeconds(++calls);
            return null;
        };
        Clock.Now = Clock.Now.AddSeconds(-5);

        await RefreshAsync();

        Assert.Equal(2, LocalVersion("snapshot"));
    }

    [Fact]
    public async Task Mix_and_match_targets_of_another_version_is_refused()
    {
        await RefreshAsync();
        Repo.Bump(Repo.Targets["targets"]);
        var newTargets = Repo.SignedTargets("targets");
        Repo.Bump(Repo.Snapshot);
        ((JsonObject)Repo.Snapshot["meta"]!)["targets.json"] = new JsonObject { ["version"] = 3 };
        Repo.UpdateTimestamp();
        Repo.Serve = url => url.AbsolutePath.EndsWith("3.targets.json", StringComparison.Ordinal) ? newTargets : null;

        var error = await RefreshFailsAsync();

        Assert.Equal(("targets", TrustCheck.Version), (error.Role, error.Check));
        Assert.Equal(1, LocalVersion("targets"));
    }

    [Fact]
    public async Task Mix_and_match_snapshot_of_another_version_is_refused()
    {
        RepositorySimulator.SetVersion(Repo.Snapshot, 3);
        var snapshotVersion3 = Repo.SignedSnapshot();
        RepositorySimulator.SetVersion(Repo.Snapshot, 2);
        Repo.UpdateTimestamp();
        Repo.Serve = url => url.AbsolutePath.EndsWith("snapshot.json", StringComparison.Ordinal) ? snapshotVersion3 : null;

        var error = await RefreshFailsAsync();

        Assert.Equal(("snapshot", TrustCheck.Version), (error.Role, error.Check));
        Assert.Null(LocalVersion("snapshot"));
    }

    [Fact]
    public async Task Snapshot_with_other_hashes_than_the_timestamp_lists_is_refused()
    {
        Repo.ComputeMetaHashesAndLength = true;
        Repo.UpdateSnapshot();
        var genuine = Repo.SignedSnapshot();
        var forged = (byte[])genuine.Clone();
        forged[^2] = (byte)' ';
        Repo.Serve = url => url.AbsolutePath.EndsWith("snapshot.json", StringComparison.Ordinal) ? forged : null;

        var error = await RefreshFailsAsync();

        Assert.Equal(TrustCheck.LengthOrHash, error.Check);
    }

    [Fact]
    public async Task Endless_data_for_timestamp_is_cut_off_at_the_cap()
    {
        Repo.Serve = url => url.AbsolutePath.EndsWith("/timestamp.json", StringComparison.Ordinal) ? new byte[100_000] : null;

        var error = await Assert.ThrowsAsync<DownloadException>(() => NewUpdater().RefreshAsync(CancellationToken.None));

        Assert.Contains("16384", error.Message);
    }

    [Fact]
    public async Task Endless_data_for_targets_is_cut_off_at_the_length_snapshot_lists()
    {
        Repo.ComputeMetaHashesAndLength = true;
        Repo.UpdateSnapshot();
        var length = Repo.SignedTargets("targets").Length;
        Repo.Serve = url => url.AbsolutePath.EndsWith("targets.json", StringComparison.Ordinal) ? new byte[length + 1] : null;

        await Assert.ThrowsAsync<DownloadException>(() => NewUpdater().RefreshAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Arbitrary_installation_of_an_unsigned_target_is_refused()
    {
        Repo.Artifacts["evil.dll"] = "MZ"u8.ToArray();

        Assert.Null(await NewUpdater().GetTargetInfoAsync("evil.dll", CancellationToken.None));
    }

    [Fact]
    public async Task Forged_targets_signed_by_an_untrusted_key_are_refused()
    {
        Repo.Signer("targets").Clear();
        Repo.Signer("targets").Add(TestKey.Ed25519());
        Repo.Bump(Repo.Targets["targets"]);
        Repo.UpdateSnapshot();

        var error = await RefreshFailsAsync();

        Assert.Equal(("targets", TrustCheck.Signature), (error.Role, error.Check));
    }

    [Fact]
    public async Task Key_compromise_below_threshold_is_refused()
    {
        var entry = Repo.RoleEntry("snapshot");
        Repo.AddKey("snapshot");
        Repo.AddKey("snapshot");
        entry["threshold"] = 2;
        Repo.BumpRoot();
        var compromised = Repo.Signer("snapshot")[0];
        Repo.Signer("snapshot").Clear();
        Repo.Signer("snapshot").Add(compromised);
        Repo.UpdateSnapshot();

        var error = await RefreshFailsAsync();

        Assert.Equal(("snapshot", TrustCheck.Signature), (error.Role, error.Check));
        Assert.Contains("1 valid signature(s)", error.Message);
    }

    [Fact]
    public async Task One_key_signing_twice_counts_once_toward_the_threshold()
    {
        Repo.AddKey("snapshot");
        Repo.RoleEntry("snapshot")["threshold"] = 2;
        Repo.BumpRoot();
        var key = Repo.Signer("snapshot")[0];
        Repo.Signer("snapshot").Clear();
        Repo.Signer("snapshot").Add(key);
        Repo.Signer("snapshot").Add(key);
        Repo.UpdateSnapshot();

        var error = await RefreshFailsAsync();

        Assert.Equal(("snapshot", TrustCheck.Signature), (error.Role, error.Check));
    }

    [Fact]
    public async Task Fast_forward_recovery_after_timestamp_key_rotation_accepts_a_lower_version()
    {
        for (var i = 0; i < 10; i++)
        {
            Repo.UpdateTimestamp();
        }
        await RefreshAsync();
        Assert.Equal(11, LocalVersion("timestamp"));
        Repo.RotateKeys("timestamp");
        Repo.BumpRoot();
        RepositorySimulator.SetVersion(Repo.Timestamp, 1);

        await RefreshAsync();

        Assert.Equal(1, LocalVersion("timestamp"));
    }

    [Fact]
    public async Task Fast_forward_recovery_after_snapshot_key_rotation_accepts_lower_targets()
    {
        for (var i = 0; i < 10; i++)
        {
            Repo.Bump(Repo.Targets["targets"]);
        }
        Repo.UpdateSnapshot();
        await RefreshAsync();
        Repo.RotateKeys("snapshot");
        Repo.BumpRoot();
        RepositorySimulator.SetVersion(Repo.Targets["targets"], 1);
        Repo.UpdateSnapshot();

        await RefreshAsync();

        Assert.Equal(1, LocalVersion("targets"));
    }

    [Fact]
    public async Task Malicious_mirror_cannot_hide_updates_by_serving_the_same_timestamp_with_other_content()
    {
        await RefreshAsync();
        var before = LocalBytes("timestamp");
        ((JsonObject)Repo.Timestamp["meta"]!)["snapshot.json"] = new JsonObject { ["version"] = 100 };

        await RefreshAsync();

        Assert.Equal(before, LocalBytes("timestamp"));
    }

    [Fact]
    public async Task Wrong_software_installation_from_another_role_type_is_refused()
    {
        var snapshot = Repo.SignedSnapshot();
        Repo.Serve = url => url.AbsolutePath.EndsWith("timestamp.json", StringComparison.Ordinal) ? snapshot : null;

        var error = await RefreshFailsAsync();

        Assert.Equal(("timestamp", TrustCheck.Type), (error.Role, error.Check));
    }
}
