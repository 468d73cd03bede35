namespace Summon.Trust;

/// <summary>Limits the refresh workflow enforces, so a hostile repository cannot make a client download or walk without end.</summary>
internal sealed class UpdaterOptions
{
    /// <summary>How many new root versions one refresh may step through (spec 5.3.3 asks for a cap).</summary>
    public int MaxRootRotations { get; init; } = 256;

    /// <summary>How many targets roles one lookup may visit while walking delegations.</summary>
    public int MaxDelegations { get; init; } = 32;

    public long RootMaxLength { get; init; } = 512_000;

    public long TimestampMaxLength { get; init; } = 16_384;

    /// <summary>Used when the timestamp does not record the snapshot's length.</summary>
    public long SnapshotMaxLength { get; init; } = 2_000_000;

    /// <summary>Used when the snapshot does not record a targets file's length.</summary>
    public long TargetsMaxLength { get; init; } = 5_000_000;

    /// <summary>Download targets as <c>HASH.name</c> when the repository uses consistent snapshots (the spec's default).</summary>
    public bool PrefixTargetsWithHash { get; init; } = true;

    public static UpdaterOptions Default { get; } = new();
}
