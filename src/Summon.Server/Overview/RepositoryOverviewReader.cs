using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Summon.Modules;

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
            using var root = ReadSigned("root.json");
            using var timestamp = ReadSigned("timestamp.json");
            if (root is null || timestamp is null)
            {
                return new RepositoryOverview { Problem = "this folder is not an initialized repository (metadata/root.json or metadata/timestamp.json is missing); run `summon repo init`" };
            }
            var rootSigned = root.RootElement.GetProperty("signed");
            var timestampSigned = timestamp.RootElement.GetProperty("signed");
            var consistent = rootSigned.TryGetProperty("consistent_snapshot", out var c) && c.ValueKind == JsonValueKind.True;
            var snapshotVersion = timestampSigned.GetProperty("meta").GetProperty("snapshot.json").GetProperty("version").GetInt32();
            using var snapshot = ReadSigned(consistent ? $"{snapshotVersion}.snapshot.json" : "snapshot.json")
                ?? throw new FormatException($"snapshot version {snapshotVersion}, named by timestamp.json, is missing");
            var snapshotSigned = snapshot.RootElement.GetProperty("signed");

            var next = new Dictionary<string, RoleFacts>(StringComparer.Ordinal);
            foreach (var meta in snapshotSigned.GetProperty("meta").EnumerateObject().Take(MaxRoles))
            {
                if (!meta.Name.EndsWith(".json", StringComparison.Ordinal))
                {
                    continue;
                }
                var role = meta.Name[..^".json".Length];
                var version = meta.Value.GetProperty("version").GetInt32();
                next[role] = roles.TryGetValue(role, out var known) && known.Version == version
                    ? known
                    : ReadRole(role, version, consistent);
            }
            roles = next;

            var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
            // The top-level targets role first, as a client would look: its entry wins over a delegated one.
            foreach (var facts in next.Where(r => r.Key == "targets").Concat(next.Where(r => r.Key != "targets")).Select(r => r.Value))
            {
                foreach (var (id, sha) in facts.ModuleIndexes)
                {
                    hashes.TryAdd(id, sha);
                }
            }
            var ids = hashes.Keys.ToArray();
            Array.Sort(ids, StringComparer.Ordinal);
            var topLevel = new[] { "root", "timestamp", "snapshot", "targets" };
            return new RepositoryOverview
            {
                RootVersion = Version(rootSigned),
                SnapshotVersion = snapshotVersion,
                TimestampVersion = Version(timestampSigned),
                ConsistentSnapshot = consistent,
                TopLevelExpiries =
                [
                    new RoleExpiry("root", Version(rootSigned), Expires(rootSigned)),
                    new RoleExpiry("timestamp", Version(timestampSigned), Expires(timestampSigned)),
                    new RoleExpiry("snapshot", Version(snapshotSigned), Expires(snapshotSigned)),
                    next.TryGetValue("targets", out var targets) ? new RoleExpiry("targets", targets.Version, targets.Expires) : new RoleExpiry("targets", 0, null),
                ],
                DelegatedExpiries = [.. next.Where(r => r.Key != "targets").Select(r => new RoleExpiry(r.Key, r.Value.Version, r.Value.Expires)).OrderBy(r => r.Expires ?? DateTimeOffset.MinValue)],
                TopLevelKeys = [.. topLevel.Select(r => KeysOf(rootSigned, r))],
                DelegatedKeys = [.. next.Values.SelectMany(r => r.Delegations)],
                ModuleIds = ids,
                IndexHashes = hashes,
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException or IOException or UnauthorizedAccessException)
        {
            return new RepositoryOverview { Problem = $"the repository's metadata could not be read ({e.Message})" };
        }
    }

    private RoleFacts ReadRole(string role, int version, bool consistent)
    {
        RoleFilesRead++;
        var name = consistent ? $"{version.ToString(CultureInfo.InvariantCulture)}.{role}.json" : $"{role}.json";
        using var document = ReadSigned(name) ?? throw new FormatException($"{name}, named by the snapshot, is missing");
        var signed = document.RootElement.GetProperty("signed");
        var modules = new List<(string, string)>();
        if (signed.TryGetProperty("targets", out var targets) && targets.ValueKind == JsonValueKind.Object)
        {
            foreach (var target in targets.EnumerateObject())
            {
                if (ModuleIdOfIndex(target.Name) is { } id
                    && target.Value.TryGetProperty("hashes", out var hashes)
                    && hashes.TryGetProperty("sha256", out var sha) && sha.GetString() is { Length: 64 } hex)
                {
                    modules.Add((id, hex));
                }
            }
        }
        var delegations = new List<RoleKeySet>();
        if (signed.TryGetProperty("delegations", out var d) && d.TryGetProperty("roles", out var delegated) && delegated.ValueKind == JsonValueKind.Array)
        {
            var keys = d.TryGetProperty("keys", out var k) ? k : default;
            foreach (var entry in delegated.EnumerateArray())
            {
                var paths = entry.TryGetProperty("paths", out var p) && p.ValueKind == JsonValueKind.Array
                    ? p.EnumerateArray().Select(x => x.GetString() ?? "").ToList()
                    : entry.TryGetProperty("path_hash_prefixes", out var prefixes) && prefixes.ValueKind == JsonValueKind.Array
                        ? [.. prefixes.EnumerateArray().Select(x => $"hash prefix {x.GetString()}")]
                        : [];
                delegations.Add(RoleKeySetOf(entry.GetProperty("name").GetString() ?? "", entry, keys, paths));
            }
        }
        return new RoleFacts(version, Expires(signed), modules, delegations);
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

    private static RoleKeySet KeysOf(JsonElement rootSigned, string role) =>
        RoleKeySetOf(role, rootSigned.GetProperty("roles").GetProperty(role), rootSigned.GetProperty("keys"), []);

    private static RoleKeySet RoleKeySetOf(string role, JsonElement roleObject, JsonElement keys, IReadOnlyList<string> paths)
    {
        var threshold = roleObject.TryGetProperty("threshold", out var t) && t.TryGetInt32(out var value) ? value : 1;
        var keyIds = roleObject.TryGetProperty("keyids", out var ids) && ids.ValueKind == JsonValueKind.Array
            ? ids.EnumerateArray().Select(i => i.GetString() ?? "").ToList()
            : [];
        var infos = keyIds.Select(id =>
        {
            var key = keys.ValueKind == JsonValueKind.Object && keys.TryGetProperty(id, out var k) ? k : default;
            return new SigningKeyInfo(id, StringOf(key, "keytype"), StringOf(key, "scheme"));
        }).ToList();
        return new RoleKeySet(role, threshold, infos, paths);
    }

    private static string StringOf(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : "?";

    private static int Version(JsonElement signed) => signed.TryGetProperty("version", out var v) && v.TryGetInt32(out var version) ? version : 0;

    private static DateTimeOffset? Expires(JsonElement signed) =>
        signed.TryGetProperty("expires", out var e) && DateTimeOffset.TryParse(e.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires)
            ? expires.ToUniversalTime()
            : null;

    private JsonDocument? ReadSigned(string fileName)
    {
        var path = Metadata(fileName);
        return File.Exists(path) ? JsonDocument.Parse(File.ReadAllBytes(path)) : null;
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
