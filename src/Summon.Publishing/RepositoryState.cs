using System.Text.Json.Nodes;
using Summon.Publishing.Keys;
using Summon.Publishing.Metadata;

namespace Summon.Publishing;

/// <summary>
/// The repository's current metadata, loaded from disk, plus the changes an operation makes to it.
/// <see cref="Commit"/> signs everything that changed, checks every threshold, and only then writes:
/// targets roles first, then snapshot, then timestamp, so a client reading at any moment sees a
/// consistent repository (timestamp is the switch that makes the new state visible).
/// </summary>
internal sealed class RepositoryState
{
    private const int MaxDelegatedRoles = 100_000;
    private readonly Dictionary<string, MetadataDocument> targetsRoles = new(StringComparer.Ordinal);
    private readonly HashSet<string> dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> removedRoles = new(StringComparer.Ordinal);

    private RepositoryState(RepositoryPaths paths, KeyRing keys, Func<DateTimeOffset> clock, MetadataDocument root, MetadataDocument? snapshot, MetadataDocument? timestamp)
    {
        Paths = paths;
        Keys = keys;
        Clock = clock;
        Root = root;
        Snapshot = snapshot;
        Timestamp = timestamp;
    }

    public RepositoryPaths Paths { get; }

    public KeyRing Keys { get; }

    public Func<DateTimeOffset> Clock { get; }

    public MetadataDocument Root { get; private set; }

    public MetadataDocument? Snapshot { get; private set; }

    public MetadataDocument? Timestamp { get; private set; }

    public IReadOnlyCollection<string> DirtyRoles => dirty;

    /// <summary>A brand-new repository: only a root so far; the other roles are created empty at version 0 and committed as 1.</summary>
    public static RepositoryState Create(RepositoryPaths paths, KeyRing keys, Func<DateTimeOffset> clock, MetadataDocument root)
    {
        var state = new RepositoryState(paths, keys, clock, root, null, null);
        var now = clock();
        var targets = MetadataDocument.New(Roles.Targets, 0, now);
        targets.Signed["targets"] = new JsonObject();
        state.targetsRoles[Roles.Targets] = targets;
        state.dirty.Add(Roles.Targets);
        return state;
    }

    public static RepositoryState Load(RepositoryPaths paths, KeyRing keys, Func<DateTimeOffset> clock)
    {
        var rootPath = paths.MetadataFile("root.json");
        var timestampPath = paths.MetadataFile("timestamp.json");
        if (!File.Exists(rootPath) || !File.Exists(timestampPath))
        {
            throw new PublishingException($"{paths.Root} is not an initialized repository (no metadata/root.json or metadata/timestamp.json). Run `summon repo init {paths.Root} --keys <keys-dir>` first.");
        }
        var root = MetadataDocument.Read(rootPath);
        var timestamp = MetadataDocument.Read(timestampPath);
        var snapshotVersion = timestamp.Signed["meta"]?["snapshot.json"]?["version"]?.GetValue<int>()
            ?? throw new PublishingException($"{timestampPath} lists no snapshot version. Restore the repository from a backup.");
        var snapshot = MetadataDocument.Read(paths.MetadataFile($"{snapshotVersion}.snapshot.json"));
        return new RepositoryState(paths, keys, clock, root, snapshot, timestamp);
    }

    /// <summary>The roles snapshot lists besides targets: every delegated role, by name.</summary>
    public IEnumerable<string> DelegatedRoleNames() =>
        (Snapshot?.Signed["meta"] as JsonObject ?? [])
            .Select(p => p.Key[..^".json".Length])
            .Where(n => n != Roles.Targets)
            .Concat(targetsRoles.Keys.Where(n => n != Roles.Targets))
            .Where(n => !removedRoles.Contains(n))
            .Distinct(StringComparer.Ordinal);

    public bool HasTargetsRole(string name) => targetsRoles.ContainsKey(name)
        || (!removedRoles.Contains(name) && Snapshot?.Signed["meta"]?[$"{name}.json"] is not null);

    public MetadataDocument TargetsRole(string name)
    {
        if (targetsRoles.TryGetValue(name, out var loaded))
        {
            return loaded;
        }
        var version = Snapshot?.Signed["meta"]?[$"{name}.json"]?["version"]?.GetValue<int>()
            ?? throw new PublishingException($"The repository has no role '{name}'. Run `summon repo delegate` to create it.");
        var document = MetadataDocument.Read(Paths.MetadataFile($"{version}.{name}.json"));
        targetsRoles[name] = document;
        return document;
    }

    public MetadataDocument CreateTargetsRole(string name)
    {
        var document = MetadataDocument.New(Roles.Targets, 0, Clock());
        document.Signed["targets"] = new JsonObject();
        targetsRoles[name] = document;
        removedRoles.Remove(name);
        dirty.Add(name);
        return document;
    }

    public void RemoveTargetsRole(string name)
    {
        targetsRoles.Remove(name);
        dirty.Remove(name);
        removedRoles.Add(name);
    }

    public void MarkDirty(string role) => dirty.Add(role);

    /// <summary>The key ids and threshold that sign a role: from root for top-level roles, from the delegating role otherwise.</summary>
    public (IReadOnlyList<string> KeyIds, int Threshold) RoleKeys(string role)
    {
        if (Roles.IsTopLevel(role))
        {
            return RoleKeysIn(Root.Signed["roles"]?[role] as JsonObject, role);
        }
        var (_, delegation) = FindDelegation(role);
        return RoleKeysIn(delegation, role);
    }

    public static (IReadOnlyList<string> KeyIds, int Threshold) RoleKeysIn(JsonObject? role, string name)
    {
        if (role is null)
        {
            throw new PublishingException($"The repository metadata defines no keys for role '{name}'. Restore the repository from a backup.");
        }
        var keyIds = (role["keyids"] as JsonArray ?? []).Select(k => k!.GetValue<string>()).ToList();
        var threshold = role["threshold"]?.GetValue<int>() ?? 1;
        return (keyIds, threshold);
    }

    /// <summary>
    /// Finds the role that delegates to <paramref name="role"/> and the object holding its keys and threshold (its entry in
    /// <c>roles</c>, or <c>succinct_roles</c> for a hashed bin), breadth first so delegations near the top are found
    /// without loading the roles below them.
    /// </summary>
    public (string Delegator, JsonObject Delegation) FindDelegation(string role)
    {
        var queue = new Queue<string>([Roles.Targets]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (queue.Count > 0 && seen.Count < MaxDelegatedRoles)
        {
            var current = queue.Dequeue();
            if (!seen.Add(current) || !HasTargetsRole(current))
            {
                continue;
            }
            var delegations = TargetsRole(current).Signed["delegations"];
            if (HashBins.Of(delegations) is { } bins)
            {
                // The bins' keys and threshold are the succinct object itself; thousands of bins are never queued.
                if (bins.Contains(role))
                {
                    return (current, (JsonObject)delegations!["succinct_roles"]!);
                }
                continue;
            }
            var delegated = delegations?["roles"] as JsonArray ?? [];
            foreach (var entry in delegated.OfType<JsonObject>())
            {
                var name = entry["name"]!.GetValue<string>();
                if (name == role)
                {
                    return (current, entry);
                }
                queue.Enqueue(name);
            }
        }
        throw new PublishingException($"No role delegates to '{role}'. Check the role name (`summon repo delegate` creates delegations).");
    }

    /// <summary>Signs a document with every key of the role that is at hand and fails, naming the missing keys, below threshold.</summary>
    public void SignRole(string role, MetadataDocument document)
    {
        var (keyIds, threshold) = RoleKeys(role);
        document.ClearSignatures();
        var signed = 0;
        foreach (var keyId in keyIds)
        {
            if (Keys.Find(keyId) is { } key)
            {
                document.Sign(key);
                signed++;
            }
        }
        if (signed < threshold)
        {
            throw new PublishingException(
                $"Role '{role}' needs {threshold} signature(s) but only {signed} of its keys are in {Keys.Directory} (it is signed by key id(s) {string.Join(", ", keyIds.Select(k => k[..8]))}). Pass the keys folder that holds them.");
        }
    }

    public void Commit()
    {
        var now = Clock();
        var toWrite = new List<(string File, byte[] Content)>();
        var snapshotChanged = dirty.Contains(Roles.Snapshot) || removedRoles.Count > 0;
        var snapshot = Snapshot?.Clone() ?? MetadataDocument.New(Roles.Snapshot, 0, now);
        var meta = snapshot.Signed["meta"] as JsonObject ?? new JsonObject();
        snapshot.Signed["meta"] = meta;

        foreach (var role in dirty.Where(r => r is not Roles.Snapshot and not Roles.Timestamp and not Roles.Root).OrderBy(r => r, StringComparer.Ordinal))
        {
            var document = TargetsRole(role);
            document.Version++;
            document.Expires = now + Roles.DefaultLifetime(role);
            SignRole(role, document);
            toWrite.Add(($"{document.Version}.{role}.json", document.ToBytes()));
            meta[$"{role}.json"] = new JsonObject { ["version"] = document.Version };
            snapshotChanged = true;
        }
        foreach (var role in removedRoles)
        {
            meta.Remove($"{role}.json");
        }

        var timestamp = Timestamp?.Clone() ?? MetadataDocument.New(Roles.Timestamp, 0, now);
        if (snapshotChanged || Snapshot is null)
        {
            snapshot.Version++;
            snapshot.Expires = now + Roles.DefaultLifetime(Roles.Snapshot);
            SignRole(Roles.Snapshot, snapshot);
            var bytes = snapshot.ToBytes();
            toWrite.Add(($"{snapshot.Version}.snapshot.json", bytes));
            var info = TargetInfo.Of(bytes);
            timestamp.Signed["meta"] = new JsonObject
            {
                ["snapshot.json"] = new JsonObject { ["version"] = snapshot.Version, ["length"] = info.Length, ["hashes"] = new JsonObject { ["sha256"] = info.Sha256 } },
            };
        }
        if (snapshotChanged || Snapshot is null || dirty.Contains(Roles.Timestamp))
        {
            timestamp.Version++;
            timestamp.Expires = now + Roles.DefaultLifetime(Roles.Timestamp);
            SignRole(Roles.Timestamp, timestamp);
            toWrite.Add(("timestamp.json", timestamp.ToBytes()));
        }

        // Everything is signed before anything is written: a missing key fails the operation with the repository untouched.
        foreach (var (file, content) in toWrite)
        {
            Cache.AtomicFile.Write(Paths.MetadataFile(file), content);
        }
        Snapshot = snapshot;
        Timestamp = timestamp;
        dirty.Clear();
        removedRoles.Clear();
    }

    /// <summary>Writes a root that has met its thresholds: <c>N.root.json</c>, and <c>root.json</c> as the latest for people and tools.</summary>
    public void WriteRoot(MetadataDocument root)
    {
        var bytes = root.ToBytes();
        Cache.AtomicFile.Write(Paths.MetadataFile($"{root.Version}.root.json"), bytes);
        Cache.AtomicFile.Write(Paths.MetadataFile("root.json"), bytes);
        Root = root;
    }
}
