using System.Text.Json.Nodes;
using Summon.Tests.Trust.Simulator;
using Summon.Trust;

namespace Summon.Tests.Trust;

/// <summary>Each rule of the trusted-metadata state machine, fed directly with bytes from the simulator.</summary>
public sealed class TrustedMetadataSetTests
{
    private readonly RepositorySimulator _repo = new(newKey: () => TestKey.Ecdsa());

    private TrustedMetadataSet NewSet(DateTimeOffset? now = null) => new(_repo.SignedRoots[0], now ?? DateTimeOffset.UtcNow);

    private TrustedMetadataSet Loaded()
    {
        var set = NewSet();
        set.UpdateTimestamp(_repo.SignedTimestamp());
        set.UpdateSnapshot(_repo.SignedSnapshot());
        set.UpdateTargets(_repo.SignedTargets("targets"));
        return set;
    }

    [Fact]
    public void Root_cannot_be_updated_after_timestamp()
    {
        var set = NewSet();
        set.UpdateTimestamp(_repo.SignedTimestamp());
        _repo.BumpRoot();

        Assert.Throws<InvalidOperationException>(() => set.UpdateRoot(_repo.SignedRoots[1]));
    }

    [Fact]
    public void Snapshot_cannot_be_loaded_before_timestamp()
    {
        Assert.Throws<InvalidOperationException>(() => NewSet().UpdateSnapshot(_repo.SignedSnapshot()));
    }

    [Fact]
    public void Targets_cannot_be_loaded_before_snapshot()
    {
        var set = NewSet();
        set.UpdateTimestamp(_repo.SignedTimestamp());

        Assert.Throws<InvalidOperationException>(() => set.UpdateTargets(_repo.SignedTargets("targets")));
    }

    [Fact]
    public void Snapshot_cannot_be_updated_after_targets()
    {
        var set = Loaded();

        Assert.Throws<InvalidOperationException>(() => set.UpdateSnapshot(_repo.SignedSnapshot()));
    }

    [Fact]
    public void Delegated_role_cannot_be_loaded_before_its_delegator()
    {
        _repo.AddDelegation("targets", "A");
        _repo.AddDelegation("A", "B");
        _repo.UpdateSnapshot();
        var set = NewSet();
        set.UpdateTimestamp(_repo.SignedTimestamp());
        set.UpdateSnapshot(_repo.SignedSnapshot());
        set.UpdateTargets(_repo.SignedTargets("targets"));

        Assert.Throws<InvalidOperationException>(() => set.UpdateDelegatedTargets(_repo.SignedTargets("B"), "B", "A"));
    }

    [Fact]
    public void Root_version_must_be_exactly_the_next()
    {
        RepositorySimulator.SetVersion(_repo.Root, 1);
        _repo.PublishRoot();

        Assert.Equal(TrustCheck.Version, Assert.Throws<TrustException>(() => NewSet().UpdateRoot(_repo.SignedRoots[1])).Check);
    }

    [Fact]
    public void Expired_intermediate_root_is_accepted()
    {
        _repo.Root["expires"] = "2001-01-01T00:00:00Z";
        _repo.BumpRoot();

        Assert.Equal(2, NewSet().UpdateRoot(_repo.SignedRoots[1]).Version);
    }

    [Fact]
    public void Expired_final_root_blocks_timestamp()
    {
        var set = NewSet(DateTimeOffset.UtcNow.AddDays(60));

        var error = Assert.Throws<TrustException>(() => set.UpdateTimestamp(_repo.SignedTimestamp()));

        Assert.Equal(("root", TrustCheck.Expiry), (error.Role, error.Check));
    }

    [Fact]
    public void Same_timestamp_version_is_ignored()
    {
        var set = NewSet();
        Assert.True(set.UpdateTimestamp(_repo.SignedTimestamp()));
        ((JsonObject)_repo.Timestamp["meta"]!)["snapshot.json"] = new JsonObject { ["version"] = 5 };

        Assert.False(set.UpdateTimestamp(_repo.SignedTimestamp()));
        Assert.Equal(1, set.Timestamp!.SnapshotMeta.Version);
    }

    [Fact]
    public void Expired_timestamp_is_kept_for_rollback_checks_but_blocks_snapshot()
    {
        _repo.Timestamp["expires"] = "2001-01-01T00:00:00Z";
        var set = NewSet();

        Assert.Equal(TrustCheck.Expiry, Assert.Throws<TrustException>(() => set.UpdateTimestamp(_repo.SignedTimestamp())).Check);
        Assert.NotNull(set.Timestamp);
        Assert.Equal(TrustCheck.Expiry, Assert.Throws<TrustException>(() => set.UpdateSnapshot(_repo.SignedSnapshot())).Check);
    }

    [Fact]
    public void Snapshot_not_matching_timestamp_version_blocks_targets()
    {
        var set = NewSet();
        set.UpdateTimestamp(_repo.SignedTimestamp());
        _repo.Bump(_repo.Snapshot);

        Assert.Equal(TrustCheck.Version, Assert.Throws<TrustException>(() => set.UpdateSnapshot(_repo.SignedSnapshot())).Check);
        Assert.Equal(TrustCheck.Version, Assert.Throws<TrustException>(() => set.UpdateTargets(_repo.SignedTargets("targets"))).Check);
    }

    [Fact]
    public void Already_verified_snapshot_skips_the_hash_check_only()
    {
        _repo.ComputeMetaHashesAndLength = true;
        _repo.UpdateSnapshot();
        var oldSnapshot = _repo.SignedSnapshot();
        _repo.UpdateSnapshot();
        var set = NewSet();
        set.UpdateTimestamp(_repo.SignedTimestamp());

        // The stored snapshot is older than the timestamp names: usable for rollback checks, not as final.
        var error = Assert.Throws<TrustException>(() => set.UpdateSnapshot(oldSnapshot, alreadyVerified: true));

        Assert.Equal(TrustCheck.Version, error.Check);
        Assert.Equal(2, set.Snapshot!.Version);
    }

    [Fact]
    public void Targets_must_have_the_version_snapshot_lists()
    {
        var set = NewSet();
        set.UpdateTimestamp(_repo.SignedTimestamp());
        set.UpdateSnapshot(_repo.SignedSnapshot());
        _repo.Bump(_repo.Targets["targets"]);

        Assert.Equal(TrustCheck.Version, Assert.Throws<TrustException>(() => set.UpdateTargets(_repo.SignedTargets("targets"))).Check);
        Assert.Null(set.Targets);
    }

    [Fact]
    public void Reference_time_is_the_one_given_at_creation()
    {
        var time = new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero);

        Assert.Equal(time, NewSet(time).ReferenceTime);
    }

    [Fact]
    public void Failed_update_leaves_the_trusted_timestamp_unchanged()
    {
        var set = NewSet();
        _repo.UpdateTimestamp();
        set.UpdateTimestamp(_repo.SignedTimestamp());
        RepositorySimulator.SetVersion(_repo.Timestamp, 1);

        Assert.Throws<TrustException>(() => set.UpdateTimestamp(_repo.SignedTimestamp()));

        Assert.Equal(2, set.Timestamp!.Version);
    }
}
