using System.Text.Json.Nodes;
using Summon.Publishing.Keys;
using Summon.Publishing.Metadata;

namespace Summon.Publishing;

/// <summary>
/// Creates and changes a Summon repository: a folder of TUF metadata and content-addressed targets that
/// any static file server can host. Every operation signs what it changed with the keys in the keys folder
/// and writes atomically, timestamp last, so clients never see a half-made change. One editor per
/// repository at a time (it holds a lock until disposed).
/// </summary>
public sealed class RepositoryEditor : IDisposable
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);
    private readonly RepositoryState state;
    private readonly RepositoryLock repositoryLock;

    private RepositoryEditor(RepositoryState state, RepositoryLock repositoryLock)
    {
        this.state = state;
        this.repositoryLock = repositoryLock;
    }

    /// <summary>The repository folder (the one to serve).</summary>
    public string RepositoryDirectory => state.Paths.Root;

    /// <summary>The current root version.</summary>
    public int RootVersion => state.Root.Version;

    /// <summary>
    /// Creates a repository: new keys for every top-level role in <paramref name="keysDirectory"/> (which must
    /// not be inside the repository) and the first signed root, targets, snapshot and timestamp.
    /// </summary>
    public static RepositoryEditor Init(string repositoryDirectory, string keysDirectory, RepositoryInitOptions? options = null) =>
        Init(repositoryDirectory, keysDirectory, options ?? new RepositoryInitOptions(), () => DateTimeOffset.UtcNow);

    /// <summary>Opens an initialized repository for changes, with the private keys in <paramref name="keysDirectory"/>.</summary>
    public static RepositoryEditor Open(string repositoryDirectory, string keysDirectory) =>
        Open(repositoryDirectory, keysDirectory, () => DateTimeOffset.UtcNow);

    internal static RepositoryEditor Init(string repositoryDirectory, string keysDirectory, RepositoryInitOptions options, Func<DateTimeOffset> clock)
    {
        var paths = new RepositoryPaths(repositoryDirectory);
        paths.RefuseKeysInside(keysDirectory);
        if (options.RootKeysDirectory is { } rootKeysDirectory)
        {
            paths.RefuseKeysInside(rootKeysDirectory, "root keys");
        }
        if (File.Exists(paths.MetadataFile("root.json")))
        {
            throw new PublishingException($"{paths.Root} is already an initialized repository. Use `summon repo rotate` to change its keys, or choose an empty folder.");
        }
        var counts = Roles.TopLevel.ToDictionary(r => r, r => RoleKeyCount(options, r));
        Directory.CreateDirectory(paths.Metadata);
        Directory.CreateDirectory(paths.Targets);
        var repositoryLock = RepositoryLock.Acquire(paths.Root, LockWait);
        KeyRing? keys = null;
        try
        {
            keys = KeyRing.Open(keysDirectory, create: true);
            using var rootKeys = options.RootKeysDirectory is { } d ? KeyRing.Open(d, create: true) : null;
            var now = clock();
            var root = MetadataDocument.New(Roles.Root, 1, now + Roles.DefaultLifetime(Roles.Root));
            root.Signed["consistent_snapshot"] = true;
            var keyObjects = new JsonObject();
            var roleObjects = new JsonObject();
            var rootSigners = new List<SigningKey>();
            foreach (var role in Roles.TopLevel)
            {
                var (threshold, count) = counts[role];
                var ids = new JsonArray();
                for (var i = 0; i < count; i++)
                {
                    var key = SigningKey.Generate(options.KeyType);
                    (role == Roles.Root && rootKeys is not null ? rootKeys : keys).SaveNew(key, role);
                    keyObjects[key.KeyId] = key.PublicKeyObject();
                    ids.Add(key.KeyId);
                    if (role == Roles.Root)
                    {
                        rootSigners.Add(key);
                    }
                }
                roleObjects[role] = new JsonObject { ["keyids"] = ids, ["threshold"] = threshold };
            }
            root.Signed["keys"] = keyObjects;
            root.Signed["roles"] = roleObjects;
            foreach (var key in rootSigners)
            {
                root.Sign(key);
            }
            var state = RepositoryState.Create(paths, keys, clock, root);
            state.WriteRoot(root);
            state.Commit();
            return new RepositoryEditor(state, repositoryLock);
        }
        catch
        {
            keys?.Dispose();
            repositoryLock.Dispose();
            throw;
        }
    }

    /// <summary>Checked for every role before anything is written, so a bad option leaves no half-made repository.</summary>
    private static (int Threshold, int Count) RoleKeyCount(RepositoryInitOptions options, string role)
    {
        var threshold = options.Thresholds?.GetValueOrDefault(role) is > 0 and var t ? t : 1;
        var count = options.KeysPerRole?.GetValueOrDefault(role) is > 0 and var c ? c : threshold;
        if (threshold > count)
        {
            throw new PublishingException($"Role '{role}' cannot need {threshold} signatures with only {count} key(s); give it at least {threshold} keys.");
        }
        return (threshold, count);
    }

    internal static RepositoryEditor Open(string repositoryDirectory, string keysDirectory, Func<DateTimeOffset> clock)
    {
        var paths = new RepositoryPaths(repositoryDirectory);
        paths.RefuseKeysInside(keysDirectory);
        if (!Directory.Exists(paths.Metadata))
        {
            throw new PublishingException($"{paths.Root} is not an initialized repository (no metadata folder). Run `summon repo init {paths.Root} --keys <keys-dir>` first.");
        }
        var repositoryLock = RepositoryLock.Acquire(paths.Root, LockWait);
        KeyRing? keys = null;
        try
        {
            keys = KeyRing.Open(keysDirectory, create: false);
            return new RepositoryEditor(RepositoryState.Load(paths, keys, clock), repositoryLock);
        }
        catch
        {
            keys?.Dispose();
            repositoryLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Publishes the files of <paramref name="sourceDirectory"/> (a build output folder, a folder laid out as
    /// <c>lib/&lt;tfm&gt;/</c> and <c>runtimes/&lt;rid&gt;/native/</c>, or a <c>.nupkg</c> whose own dependencies are kept)
    /// as version <paramref name="version"/> of module <paramref name="moduleId"/>, with its dependencies (module id to
    /// NuGet version range). Files matching <paramref name="lazyFiles"/> (a path, <c>dir/**</c>, or a <c>*</c> pattern)
    /// are fetched by clients on first use. A published version never changes: publishing it again is refused.
    /// </summary>
    public PublishedModule Publish(string sourceDirectory, string moduleId, string version, IReadOnlyDictionary<string, string>? dependencies = null, IReadOnlyList<string>? lazyFiles = null) =>
        ModulePublisher.Publish(state, sourceDirectory, moduleId, version, dependencies, lazyFiles);

    /// <summary>
    /// Publishes many modules and signs once at the end (one new version of each changed role), for generating large
    /// repositories: the result is the repository the same publishes one by one would make, with fewer metadata versions.
    /// </summary>
    internal void PublishMany(IEnumerable<(string SourceDirectory, string ModuleId, string Version)> modules)
    {
        foreach (var (source, id, version) in modules)
        {
            ModulePublisher.Publish(state, source, id, version, null, null, commit: false);
        }
        state.Commit();
    }

    /// <summary>Marks a published version as revoked, with a reason clients show; its files stay so pinned users can still read them.</summary>
    public void Revoke(string moduleId, string version, string reason) => ModulePublisher.Revoke(state, moduleId, version, reason);

    /// <summary>Adds (or replaces) one target file at <paramref name="targetPath"/> and re-signs.</summary>
    public void AddTarget(string targetPath, string file)
    {
        if (!File.Exists(file))
        {
            throw new PublishingException($"The file {file} does not exist.");
        }
        TargetsEditor.AddFile(state, targetPath, file);
        state.Commit();
    }

    /// <summary>Removes a target from the metadata and re-signs; returns false when there was no such target.</summary>
    public bool RemoveTarget(string targetPath)
    {
        var removed = TargetsEditor.Remove(state, targetPath);
        if (removed)
        {
            state.Commit();
        }
        return removed;
    }

    /// <summary>
    /// Re-signs every role that expires within <paramref name="within"/> (by default: within half of the
    /// role's lifetime, so a timestamp valid for a day is renewed after 12 hours), and what must follow it.
    /// Meant to run on a schedule. Returns the roles re-signed.
    /// </summary>
    public IReadOnlyList<string> Refresh(TimeSpan? within = null)
    {
        var renewed = new List<string>();
        if (Expiring(Roles.Root, state.Root, within))
        {
            var change = RootEditor.Propose(state, RootEditor.Draft(state, changing: true));
            renewed.Add(change ? Roles.Root : $"{Roles.Root} (waiting for signatures: run summon repo sign-root)");
        }
        foreach (var role in ExpiringTargetsRoles(within).Where(CanSign))
        {
            state.MarkDirty(role);
            renewed.Add(role);
        }
        if (renewed.Count > 0 && renewed.Any(r => r != Roles.Root) || Expiring(Roles.Snapshot, state.Snapshot!, within))
        {
            state.MarkDirty(Roles.Snapshot);
            renewed.Add(Roles.Snapshot);
        }
        if (renewed.Count > 0 && renewed.Any(r => r != Roles.Root) || Expiring(Roles.Timestamp, state.Timestamp!, within))
        {
            state.MarkDirty(Roles.Timestamp);
            renewed.Add(Roles.Timestamp);
        }
        state.Commit();
        return renewed;
    }

    /// <summary>
    /// The targets and delegated roles that expire within <paramref name="within"/> (as <see cref="Refresh"/> counts it)
    /// but cannot be re-signed here, because their keys are not in the keys folder: an offline targets key, or another
    /// publisher's delegated role. Someone holding those keys must refresh them before they expire.
    /// </summary>
    public IReadOnlyList<(string Role, DateTimeOffset Expires)> ExpiringWithoutKeys(TimeSpan? within = null) =>
        ExpiringTargetsRoles(within).Where(role => !CanSign(role)).Select(role => (role, state.TargetsRole(role).Expires)).ToList();

    private IEnumerable<string> ExpiringTargetsRoles(TimeSpan? within) =>
        state.DelegatedRoleNames().Prepend(Roles.Targets).ToList()
            .Where(role => state.HasTargetsRole(role) && Expiring(Roles.Targets, state.TargetsRole(role), within));

    private bool Expiring(string role, MetadataDocument document, TimeSpan? within) =>
        document.Expires - state.Clock() < (within ?? Roles.DefaultLifetime(role) / 2);

    /// <summary>
    /// Replaces the keys of <paramref name="role"/> with new ones (same number, same type unless
    /// <paramref name="keyType"/> says otherwise), saved in the keys folder. For a top-level role this is a
    /// new root signed by the old and new root keys; if some are not at hand it waits for <see cref="SignRoot"/>.
    /// A delegated role's keys live in the metadata of the role that delegates to it, which is published at once.
    /// Hashed bins share one set of keys: rotating one bin rotates them all, and every bin is re-signed.
    /// </summary>
    /// <returns>The root this makes, or null for a delegated role, which makes none.</returns>
    public RootChange? RotateKeys(string role, SigningKeyType? keyType = null)
    {
        if (!Roles.IsTopLevel(role))
        {
            var (keyIds, _) = state.RoleKeys(role);
            var (delegator, _) = state.FindDelegation(role);
            var type = keyType ?? TypeOf(state.TargetsRole(delegator).Signed["delegations"]?["keys"]?[keyIds[0]]);
            var keyName = Delegations.BinsOf(state, role)?.NamePrefix ?? role;
            var keys = keyIds.Select(_ => NewKey(type, keyName)).ToList();
            Delegations.RotateDelegated(state, role, keys);
            return null;
        }
        var next = RootEditor.Draft(state, changing: true);
        var roleObject = (JsonObject)next.Signed["roles"]![role]!;
        var oldIds = ((JsonArray)roleObject["keyids"]!).Select(k => k!.GetValue<string>()).ToList();
        var keyType2 = keyType ?? TypeOf(next.Signed["keys"]?[oldIds[0]]);
        var newIds = new JsonArray();
        var keysObject = (JsonObject)next.Signed["keys"]!;
        foreach (var _ in oldIds)
        {
            var key = NewKey(keyType2, role);
            keysObject[key.KeyId] = key.PublicKeyObject();
            newIds.Add(key.KeyId);
        }
        roleObject["keyids"] = newIds;
        var used = ((JsonObject)next.Signed["roles"]!).SelectMany(r => ((JsonArray)r.Value!["keyids"]!).Select(k => k!.GetValue<string>())).ToHashSet();
        foreach (var unused in keysObject.Select(p => p.Key).Where(k => !used.Contains(k)).ToList())
        {
            keysObject.Remove(unused);
        }
        var published = RootEditor.Propose(state, next);
        return new RootChange(next.Version, published, published ? 0 : RootEditor.MissingSignatures(state.Root, next));
    }

    /// <summary>
    /// Adds the signature of a root key kept outside the keys folder (<paramref name="keyFile"/>) to the root
    /// waiting to be published, or, when none is waiting, to a new root version. Publishes it once signed
    /// by enough old and new root keys.
    /// </summary>
    public RootChange SignRoot(string keyFile)
    {
        using var key = SigningKey.Load(keyFile);
        var next = RootEditor.Draft(state, changing: false);
        var published = RootEditor.Propose(state, next, [key]);
        return new RootChange(next.Version, published, published ? 0 : RootEditor.MissingSignatures(state.Root, next));
    }

    /// <summary>
    /// Delegates the target paths matching <paramref name="pathPatterns"/> (TUF patterns: <c>*</c> matches
    /// within one path segment) from <paramref name="delegator"/> to a role signed by the given public keys
    /// (key files; a new key is generated in the keys folder when none are given).
    /// </summary>
    public void Delegate(string role, IReadOnlyList<string> pathPatterns, IReadOnlyList<string>? publicKeyFiles = null,
        int threshold = 1, bool terminating = false, string delegator = Roles.Targets)
    {
        Delegations.EnsureCanDelegate(state, role, pathPatterns, delegator);
        List<JsonObject> publicKeys;
        if (publicKeyFiles is { Count: > 0 })
        {
            publicKeys = [.. publicKeyFiles.Select(KeyFile.ReadPublic)];
        }
        else
        {
            var type = TypeOf(state.Root.Signed["keys"]?[state.RoleKeys(Roles.Targets).KeyIds[0]]);
            publicKeys = [.. Enumerable.Range(0, Math.Max(1, threshold)).Select(_ => NewKey(type, role).PublicKeyObject())];
        }
        Delegations.Delegate(state, role, pathPatterns, publicKeys, threshold, terminating, delegator);
    }

    /// <summary>
    /// Spreads <paramref name="delegator"/>'s targets over <paramref name="binCount"/> hashed-bin roles (a power
    /// of two) signed by one new key, so each targets file stays small however large the repository grows. The
    /// delegator lists the bins as one TUF succinct delegation (TAP 15), so it stays small too; a delegator that
    /// already delegates to named roles is refused, as TUF allows one or the other.
    /// Returns the bin role names (<c>bins-00</c> … in lowercase hex).
    /// </summary>
    public IReadOnlyList<string> DelegateHashBins(int binCount, string delegator = Roles.Targets)
    {
        Delegations.EnsureCanDelegateHashBins(state, binCount, delegator);
        var type = TypeOf(state.Root.Signed["keys"]?[state.RoleKeys(Roles.Targets).KeyIds[0]]);
        return Delegations.DelegateHashBins(state, binCount, NewKey(type, "bins"), delegator);
    }

    /// <summary>How many hashed bins share <paramref name="role"/>'s keys (and are rotated with it), or 0 when it is not a hashed bin.</summary>
    public int HashBinsSharingKeys(string role) => Delegations.BinsOf(state, role)?.Count ?? 0;

    /// <summary>Releases the repository lock and the keys.</summary>
    public void Dispose()
    {
        state.Keys.Dispose();
        repositoryLock.Dispose();
    }

    private bool CanSign(string role)
    {
        var (keyIds, threshold) = state.RoleKeys(role);
        return keyIds.Count(id => state.Keys.Find(id) is not null) >= threshold;
    }

    private SigningKey NewKey(SigningKeyType type, string role)
    {
        var key = SigningKey.Generate(type);
        state.Keys.SaveNew(key, role);
        return key;
    }

    private static SigningKeyType TypeOf(JsonNode? key) => key?["keytype"]?.GetValue<string>() switch
    {
        "ed25519" => SigningKeyType.Ed25519,
        "rsa" => SigningKeyType.Rsa,
        _ => SigningKeyType.Ecdsa,
    };
}
