using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Summon.Modules;
using Summon.Trust;

namespace Summon.Server.Overview;

/// <summary>
/// Reads the repository folder into a <see cref="RepositoryOverview"/> and keeps it until <c>timestamp.json</c> or
/// <c>root.json</c> changes (two stats per request). A rebuild re-reads only the targets roles whose version
/// changed, so publishing one module into a repository of hashed bins re-reads one bin, not the repository.
/// Reads without verifying signatures: the server shows its own folder; clients verify what they download.
/// </summary>
internal sealed class RepositoryOverviewReader(string repositoryDirectory)
{
    private const int MaxCachedIndexes = 4096;
    private const int MaxRoles = 100_000;
    private readonly object gate = new();
    private readonly ConcurrentDictionary<string, IndexEntry> indexes = new(StringComparer.Ordinal);
    private Dictionary<string, RoleFacts> roles = new(StringComparer.Ordinal);
    private (Stamp Timestamp, Stamp Root) stamps;
    private RepositoryOverview current = RepositoryOverview.Empty;

    /// <summary>How many targets role files have been parsed since the server started (a rebuild's cost).</summary>
    public int RoleFilesRead { get; private set; }

    private string Metadata(string file) => Path.Combine(repositoryDirectory, RepositoryLayout.MetadataFolder, file);

    public RepositoryOverview Current()
    {
        var now = (Stamp.Of(Metadata("timestamp.json")), Stamp.Of(Metadata("root.json")));
        lock (gate)
        {
            if (now != stamps || ReferenceEquals(current, RepositoryOverview.Empty))
            {
                current = Build();
                stamps = now;
            }
            return current;
        }
    }

    /// <summary>A module's index (its versions and revocations), or why it could not be read.</summary>
    public IndexEntry ReadIndex(string moduleId, string sha256)
    {
        if (indexes.TryGetValue(sha256, out var cached))
        {
            return cached;
        }
        IndexEntry entry;
        var resolved = RepositoryRequestPath.Resolve(repositoryDirectory, $"{RepositoryLayout.TargetsFolder}/modules/{moduleId}/{sha256}.index.json");
        try
        {
            entry = resolved is { } file
                ? new IndexEntry(ModuleIndex.Parse(File.ReadAllBytes(file.File), RepositoryLayout.ModuleIndex(moduleId)), null)
                : new IndexEntry(null, "its index has a name the server will not serve");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new IndexEntry(null, "its index file is missing or unreadable");
        }
        catch (SummonException e)
        {
            entry = new IndexEntry(null, e.Message);
        }
        if (indexes.Count >= MaxCachedIndexes)
        {
            indexes.Clear();
        }
        indexes[sha256] = entry;
        return entry;
    }

    private RepositoryOverview Build()
    {
        try
        {
            if (ReadSigned("root.json", RoleNames.Root) is not { } rootSigned || ReadSigned("timestamp.json", RoleNames.Timestamp) is not { } timestampSigned)
            {
                return new RepositoryOverview { Problem = "this folder is not an initialized repository (metadata/root.json or metadata/timestamp.json is missing); run `summon repo init`" };
            }
            var root = RootMetadata.Parse(rootSigned);
            var timestamp = TimestampMetadata.Parse(timestampSigned);
            var snapshotVersion = timestamp.SnapshotMeta.Version;
            var snapshotName = root.ConsistentSnapshot ? $"{snapshotVersion}.snapshot.json" : "snapshot.json";
            var snapshot = SnapshotMetadata.Parse(ReadSigned(snapshotName, RoleNames.Snapshot)
                ?? throw new FormatException($"snapshot version {snapshotVersion}, named by timestamp.json, is missing"));

            var next = new Dictionary<string, RoleFacts>(StringComparer.Ordinal);
            foreach (var (name, meta) in snapshot.Meta.Take(MaxRoles))
            {
                if (!name.EndsWith(".json", StringComparison.Ordinal))
                {
                    continue;
                }
                var role = name[..^".json".Length];
                next[role] = roles.TryGetValue(role, out var known) && known.Version == meta.Version
                    ? known
                    : ReadRole(role, meta.Version, root.ConsistentSnapshot);
            }
            roles = next;

            var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
            // The top-level targets role first, as a client would look: its entry wins over a delegated one.
            foreach (var facts in next.Where(r => r.Key == RoleNames.Targets).Concat(next.Where(r => r.Key != RoleNames.Targets)).Select(r => r.Value))
            {
                foreach (var (id, sha) in facts.ModuleIndexes)
                {
                    hashes.TryAdd(id, sha);
                }
            }
            var ids = hashes.Keys.ToArray();
            Array.Sort(ids, StringComparer.Ordinal);
            var topLevel = new[] { RoleNames.Root, RoleNames.Timestamp, RoleNames.Snapshot, RoleNames.Targets };
            return new RepositoryOverview
            {
                RootVersion = (int)root.Version,
                SnapshotVersion = (int)snapshotVersion,
                TimestampVersion = (int)timestamp.Version,
                ConsistentSnapshot = root.ConsistentSnapshot,
                TopLevelExpiries =
                [
                    new RoleExpiry(RoleNames.Root, (int)root.Version, root.Expires),
                    new RoleExpiry(RoleNames.Timestamp, (int)timestamp.Version, timestamp.Expires),
                    new RoleExpiry(RoleNames.Snapshot, (int)snapshot.Version, snapshot.Expires),
                    next.TryGetValue(RoleNames.Targets, out var targets) ? new RoleExpiry(RoleNames.Targets, targets.Version, targets.Expires) : new RoleExpiry(RoleNames.Targets, 0, null),
                ],
                DelegatedExpiries = [.. next.Where(r => r.Key != RoleNames.Targets).Select(r => new RoleExpiry(r.Key, r.Value.Version, r.Value.Expires)).OrderBy(r => r.Expires ?? DateTimeOffset.MinValue)],
                TopLevelKeys = [.. topLevel.Select(r => KeySet(r, root.Roles[r], root.Keys, []))],
                DelegatedKeys = [.. next.Values.SelectMany(r => r.Delegations)],
                ModuleIds = ids,
                IndexHashes = hashes,
            };
        }
        catch (Exception e) when (e is SummonException or FormatException or IOException or UnauthorizedAccessException)
        {
            return new RepositoryOverview { Problem = $"the repository's metadata could not be read ({e.Message})" };
        }
    }

    private RoleFacts ReadRole(string role, long version, bool consistent)
    {
        RoleFilesRead++;
        var name = consistent ? $"{version.ToString(CultureInfo.InvariantCulture)}.{role}.json" : $"{role}.json";
        var targets = TargetsMetadata.Parse(ReadSigned(name, role) ?? throw new FormatException($"{name}, named by the snapshot, is missing"), role);
        var modules = new List<(string, string)>();
        foreach (var (path, target) in targets.Targets)
        {
            if (ModuleIdOfIndex(path) is { } id && target.Hashes.TryGetValue("sha256", out var hex) && hex.Length == 64)
            {
                modules.Add((id, hex));
            }
        }
        var delegations = (targets.Delegations?.Roles ?? [])
            .Select(d => KeySet(d.Name, d.Keys, targets.Keys, d.Paths ?? [.. (d.PathHashPrefixes ?? []).Select(p => $"hash prefix {p}")]))
            .ToList();
        if (targets.Delegations?.SuccinctRoles is { } succinct)
        {
            // One row for all the bins: they share one set of keys, and listing thousands of names says nothing more.
            var bins = succinct.Layout;
            var count = bins.NumberOfBins.ToString("N0", CultureInfo.InvariantCulture);
            delegations.Add(KeySet($"{count} hashed bins, {bins.BinName(0)} … {bins.BinName(bins.NumberOfBins - 1)}", succinct.Keys, targets.Keys,
                [$"every path, by the first {bins.BitLength} bits of its SHA-256"]));
        }
        return new RoleFacts((int)version, targets.Expires, modules, delegations);
    }

    /// <summary>The id in <c>modules/&lt;id&gt;/index.json</c>, whatever the publisher put there: the page encodes it, never trusts it.</summary>
    private static string? ModuleIdOfIndex(string targetPath)
    {
        const string Prefix = "modules/", Suffix = "/index.json";
        if (targetPath.Length <= Prefix.Length + Suffix.Length || !targetPath.StartsWith(Prefix, StringComparison.Ordinal) || !targetPath.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return null;
        }
        var id = targetPath[Prefix.Length..^Suffix.Length];
        return id.Contains('/') ? null : id;
    }

    private static RoleKeySet KeySet(string role, RoleKeys roleKeys, IReadOnlyDictionary<string, TufKey> keys, IReadOnlyList<string> paths) =>
        new(role, roleKeys.Threshold,
            [.. roleKeys.KeyIds.Select(id => keys.TryGetValue(id, out var key) ? new SigningKeyInfo(id, key.KeyType, key.Scheme) : new SigningKeyInfo(id, "?", "?"))],
            paths);

    /// <summary>A metadata file's <c>signed</c> object, parsed as clients parse it (signatures are not checked), or null when there is no such file.</summary>
    private JsonObject? ReadSigned(string fileName, string role)
    {
        var path = Metadata(fileName);
        return File.Exists(path) ? SignedEnvelope.Parse(File.ReadAllBytes(path), role).Signed : null;
    }

    /// <summary>A module's index as read, or why not.</summary>
    internal sealed record IndexEntry(ModuleIndex? Index, string? Problem);

    private sealed record RoleFacts(int Version, DateTimeOffset? Expires, IReadOnlyList<(string Id, string Sha256)> ModuleIndexes, IReadOnlyList<RoleKeySet> Delegations);

    /// <summary>Enough of a file's state to notice that it was replaced.</summary>
    private readonly record struct Stamp(long Length, long WriteTicks)
    {
        public static Stamp Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new Stamp(info.Length, info.LastWriteTimeUtc.Ticks) : default;
        }
    }
}
