namespace Summon.Trust;

/// <summary>
/// The metadata this client currently trusts, and the only way to add to it: each Update method accepts new
/// metadata only if it passes every check the TUF specification's client workflow sets for that step, so a bug
/// in the workflow cannot skip one. No I/O happens here.
/// <para>
/// Order is enforced: root (any number of times), then timestamp, snapshot, targets, delegated targets. Expired
/// timestamp or snapshot, or a snapshot whose version does not match the timestamp, are still kept as
/// "intermediate" metadata (so they protect against rollback of what comes next) but block the following step.
/// Every expiry is judged against one reference time fixed when the set is created.
/// </para>
/// </summary>
internal sealed class TrustedMetadataSet
{
    private readonly Dictionary<string, TargetsMetadata> _targets = new(StringComparer.Ordinal);

    public TrustedMetadataSet(ReadOnlySpan<byte> trustedRoot, DateTimeOffset referenceTime)
    {
        ReferenceTime = referenceTime;
        var envelope = SignedEnvelope.Parse(trustedRoot, RoleNames.Root);
        var root = RootMetadata.Parse(envelope.Signed);
        // The local root is the anchor of trust; checking its own signatures catches a damaged or tampered file.
        SignatureThreshold.Verify(RoleNames.Root, "the trusted root", root, envelope);
        Root = root;
        InitialRoot = root;
    }

    public DateTimeOffset ReferenceTime { get; }

    public RootMetadata Root { get; private set; }

    /// <summary>The root this set started from, before any rotation.</summary>
    public RootMetadata InitialRoot { get; }

    public TimestampMetadata? Timestamp { get; private set; }

    public SnapshotMetadata? Snapshot { get; private set; }

    public TargetsMetadata? Targets => _targets.GetValueOrDefault(RoleNames.Targets);

    public TargetsMetadata? TargetsFor(string roleName) => _targets.GetValueOrDefault(roleName);

    /// <summary>
    /// Accepts the next root (spec 5.3.4–5.3.9): signed by a threshold of the trusted root's root keys and of its own,
    /// with exactly the next version. An expired intermediate root is fine; the final one is checked before timestamp.
    /// </summary>
    public RootMetadata UpdateRoot(ReadOnlySpan<byte> data)
    {
        if (Timestamp is not null)
        {
            throw new InvalidOperationException("Root cannot be updated after timestamp has been loaded.");
        }
        var envelope = SignedEnvelope.Parse(data, RoleNames.Root);
        var newRoot = RootMetadata.Parse(envelope.Signed);
        SignatureThreshold.Verify(RoleNames.Root, $"trusted root version {Root.Version}", Root, envelope);
        if (newRoot.Version != Root.Version + 1)
        {
            throw new TrustException(RoleNames.Root, TrustCheck.Version,
                $"root version {newRoot.Version} was served where version {Root.Version + 1} was expected: roots must follow one another without gaps or repeats; the repository is misconfigured or replaying old metadata.");
        }
        SignatureThreshold.Verify(RoleNames.Root, $"root version {newRoot.Version} itself", newRoot, envelope);
        Root = newRoot;
        return newRoot;
    }

    /// <summary>
    /// Accepts a timestamp (spec 5.4). Returns false, changing nothing, if it has the same version as the trusted one
    /// (the repository has not moved). Throws on rollback of the timestamp or of the snapshot version it lists.
    /// An expired timestamp is kept (for rollback checks) but the method then throws.
    /// </summary>
    public bool UpdateTimestamp(ReadOnlySpan<byte> data)
    {
        if (Snapshot is not null)
        {
            throw new InvalidOperationException("Timestamp cannot be updated after snapshot has been loaded.");
        }
        // Spec 5.3.10: the root we ended the rotation loop on must be current.
        if (Root.IsExpired(ReferenceTime))
        {
            throw Expired(RoleNames.Root, Root);
        }
        var envelope = SignedEnvelope.Parse(data, RoleNames.Timestamp);
        var newTimestamp = TimestampMetadata.Parse(envelope.Signed);
        SignatureThreshold.Verify(RoleNames.Timestamp, "root", Root, envelope);
        if (Timestamp is { } trusted)
        {
            if (newTimestamp.Version < trusted.Version)
            {
                throw Rollback(RoleNames.Timestamp, $"timestamp version {newTimestamp.Version} is older than the trusted version {trusted.Version}");
            }
            if (newTimestamp.Version == trusted.Version)
            {
                return false;
            }
            if (newTimestamp.SnapshotMeta.Version < trusted.SnapshotMeta.Version)
            {
                throw Rollback(RoleNames.Timestamp,
                    $"timestamp lists snapshot version {newTimestamp.SnapshotMeta.Version}, older than the trusted snapshot version {trusted.SnapshotMeta.Version}");
            }
        }
        Timestamp = newTimestamp;
        CheckFinalTimestamp();
        return true;
    }

    /// <summary>
    /// Accepts a snapshot (spec 5.5): length and hashes as the timestamp lists them (skipped for a snapshot this
    /// client already verified once, <paramref name="alreadyVerified"/>), signed by root's snapshot keys, and no
    /// targets role removed or rolled back. An expired snapshot, or one whose version is not the timestamp's, is
    /// kept as intermediate but the method then throws.
    /// </summary>
    public SnapshotMetadata UpdateSnapshot(ReadOnlySpan<byte> data, bool alreadyVerified = false)
    {
        if (Timestamp is null)
        {
            throw new InvalidOperationException("Snapshot cannot be loaded before timestamp.");
        }
        if (_targets.Count > 0)
        {
            throw new InvalidOperationException("Snapshot cannot be updated after targets have been loaded.");
        }
        CheckFinalTimestamp();
        if (!alreadyVerified)
        {
            Timestamp.SnapshotMeta.Verify(data, RoleNames.Timestamp, "snapshot metadata");
        }
        var envelope = SignedEnvelope.Parse(data, RoleNames.Snapshot);
        var newSnapshot = SnapshotMetadata.Parse(envelope.Signed);
        SignatureThreshold.Verify(RoleNames.Snapshot, "root", Root, envelope);
        if (Snapshot is { } trusted)
        {
            foreach (var (fileName, oldMeta) in trusted.Meta)
            {
                if (!newSnapshot.Meta.TryGetValue(fileName, out var newMeta))
                {
                    throw Rollback(RoleNames.Snapshot, $"snapshot no longer lists {fileName}, which the trusted snapshot lists");
                }
                if (newMeta.Version < oldMeta.Version)
                {
                    throw Rollback(RoleNames.Snapshot,
                        $"snapshot lists {fileName} version {newMeta.Version}, older than the trusted version {oldMeta.Version}");
                }
            }
        }
        Snapshot = newSnapshot;
        CheckFinalSnapshot();
        return newSnapshot;
    }

    public TargetsMetadata UpdateTargets(ReadOnlySpan<byte> data) => UpdateDelegatedTargets(data, RoleNames.Targets, RoleNames.Root);

    /// <summary>
    /// Accepts targets metadata for <paramref name="roleName"/> (spec 5.6, 5.7): length, hashes and version exactly as
    /// the snapshot lists them, signed by the keys <paramref name="delegatorName"/> (already trusted) names for it,
    /// and not expired. Nothing is kept unless every check passes.
    /// </summary>
    public TargetsMetadata UpdateDelegatedTargets(ReadOnlySpan<byte> data, string roleName, string delegatorName)
    {
        if (Snapshot is null)
        {
            throw new InvalidOperationException("Targets cannot be loaded before snapshot.");
        }
        CheckFinalSnapshot();
        IDelegator delegator = delegatorName == RoleNames.Root
            ? Root
            : TargetsFor(delegatorName) ?? throw new InvalidOperationException($"Delegator {delegatorName} must be loaded before {roleName}.");
        var meta = Snapshot.MetaFor(roleName) ?? throw new TrustException(roleName, TrustCheck.Version,
            $"snapshot does not list {roleName}.json, so no version of {roleName} can be trusted; the repository must add it to its snapshot.");
        meta.Verify(data, RoleNames.Snapshot, $"{roleName} metadata");
        var envelope = SignedEnvelope.Parse(data, roleName);
        var newTargets = TargetsMetadata.Parse(envelope.Signed, roleName);
        SignatureThreshold.Verify(roleName, delegatorName, delegator, envelope);
        if (newTargets.Version != meta.Version)
        {
            throw new TrustException(roleName, TrustCheck.Version,
                $"{roleName} version {newTargets.Version} was served where snapshot lists version {meta.Version}: the repository mixed files from different snapshots (or is replaying old metadata).");
        }
        if (newTargets.IsExpired(ReferenceTime))
        {
            throw Expired(roleName, newTargets);
        }
        _targets[roleName] = newTargets;
        return newTargets;
    }

    private void CheckFinalTimestamp()
    {
        if (Timestamp!.IsExpired(ReferenceTime))
        {
            throw Expired(RoleNames.Timestamp, Timestamp);
        }
    }

    private void CheckFinalSnapshot()
    {
        if (Snapshot!.IsExpired(ReferenceTime))
        {
            throw Expired(RoleNames.Snapshot, Snapshot);
        }
        if (Snapshot.Version != Timestamp!.SnapshotMeta.Version)
        {
            throw new TrustException(RoleNames.Snapshot, TrustCheck.Version,
                $"snapshot version {Snapshot.Version} does not match version {Timestamp.SnapshotMeta.Version} listed by the timestamp: the repository mixed files from different snapshots (or a mirror serves stale files).");
        }
    }

    private TrustException Expired(string role, SignedMetadata metadata) =>
        new(role, TrustCheck.Expiry,
            $"{role} metadata (version {metadata.Version}) expired at {metadata.Expires:u} (now {ReferenceTime:u}): the repository must re-sign it; until it does, nothing newer can be trusted (this is how a freeze attack shows). Check this machine's clock too.");

    private static TrustException Rollback(string role, string what) =>
        new(role, TrustCheck.Version, $"{what}: refusing a rollback to older metadata. The repository or a mirror is serving stale or replayed files.");
}
