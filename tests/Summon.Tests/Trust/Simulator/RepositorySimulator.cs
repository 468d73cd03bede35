using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Summon.Transport;
using Summon.Trust;

namespace Summon.Tests.Trust.Simulator;

/// <summary>
/// An in-memory TUF repository that answers an <see cref="IFetcher"/>, modelled on python-tuf's RepositorySimulator:
/// tests edit the <c>signed</c> objects directly, and every role except root is signed afresh when fetched, so a
/// test states only what changes. Roots are signed when published, because every version must stay servable.
/// Attacks are mounted through <see cref="Serve"/> (replace any response) or by editing metadata without re-signing.
/// </summary>
internal sealed class RepositorySimulator : IFetcher
{
    public static readonly Uri MetadataUrl = new("https://repo.test/metadata/");
    public static readonly Uri TargetsUrl = new("https://repo.test/targets/");

    private readonly Dictionary<string, byte[]> _signed = new(StringComparer.Ordinal);

    public RepositorySimulator(bool consistentSnapshot = true, Func<TestKey>? newKey = null)
    {
        NewKey = newKey ?? TestKey.Ed25519;
        Expires = DateTimeOffset.UtcNow.AddDays(30);
        Root = SignedBase(RoleNames.Root);
        Root["consistent_snapshot"] = consistentSnapshot;
        Root["keys"] = new JsonObject();
        Root["roles"] = new JsonObject();
        foreach (var role in RoleNames.TopLevel)
        {
            ((JsonObject)Root["roles"]!)[role] = new JsonObject { ["keyids"] = new JsonArray(), ["threshold"] = 1 };
            AddKey(role);
        }
        Timestamp = SignedBase(RoleNames.Timestamp);
        Timestamp["meta"] = new JsonObject { ["snapshot.json"] = new JsonObject { ["version"] = 1 } };
        Snapshot = SignedBase(RoleNames.Snapshot);
        Snapshot["meta"] = new JsonObject { ["targets.json"] = new JsonObject { ["version"] = 1 } };
        Targets[RoleNames.Targets] = SignedBase(RoleNames.Targets);
        Targets[RoleNames.Targets]["targets"] = new JsonObject();
        PublishRoot();
    }

    public Func<TestKey> NewKey { get; }

    public DateTimeOffset Expires { get; }

    public JsonObject Root { get; }

    public JsonObject Timestamp { get; }

    public JsonObject Snapshot { get; }

    /// <summary>The signed objects of the top-level targets role and every delegated role, by role name.</summary>
    public Dictionary<string, JsonObject> Targets { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<TestKey>> Signers { get; } = new(StringComparer.Ordinal);

    /// <summary>Signed root files, index 0 is version 1.</summary>
    public List<byte[]> SignedRoots { get; } = [];

    /// <summary>Keys that sign the next published root besides the root role's own (the old keys during a rotation).</summary>
    public List<TestKey> ExtraRootSigners { get; } = [];

    public Dictionary<string, byte[]> Artifacts { get; } = new(StringComparer.Ordinal);

    /// <summary>When true, timestamp and snapshot record lengths and hashes of what they list.</summary>
    public bool ComputeMetaHashesAndLength { get; set; }

    /// <summary>Every metadata request: role and version (null for unversioned).</summary>
    public List<(string Role, long? Version)> MetadataRequests { get; } = [];

    public List<string> ArtifactRequests { get; } = [];

    /// <summary>Lets a test answer a request itself (an attacker, a broken mirror); return null to serve normally.</summary>
    public Func<Uri, byte[]?>? Serve { get; set; }

    public static long Version(JsonObject signed) => long.Parse(signed["version"]!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    public static void SetVersion(JsonObject signed, long version) => signed["version"] = version;

    public void Bump(JsonObject signed) => SetVersion(signed, Version(signed) + 1);

    public JsonObject RoleEntry(string role, string delegator = RoleNames.Root) =>
        delegator == RoleNames.Root
            ? (JsonObject)Root["roles"]![role]!
            : (JsonObject)((JsonArray)Targets[delegator]["delegations"]!["roles"]!).First(r => (string)r!["name"]! == role)!;

    /// <summary>Adds a new key to <paramref name="role"/> (as listed by <paramref name="delegator"/>) and to its signers.</summary>
    public TestKey AddKey(string role, string delegator = RoleNames.Root, TestKey? key = null)
    {
        key ??= NewKey();
        var keys = delegator == RoleNames.Root ? (JsonObject)Root["keys"]! : (JsonObject)Targets[delegator]["delegations"]!["keys"]!;
        keys[key.KeyId] = key.ToJson();
        ((JsonArray)RoleEntry(role, delegator)["keyids"]!).Add(key.KeyId);
        Signer(role).Add(key);
        return key;
    }

    public List<TestKey> Signer(string role) => Signers.TryGetValue(role, out var list) ? list : Signers[role] = [];

    /// <summary>Replaces every key of a top-level role with a new one (the old root keys still co-sign the next root).</summary>
    public TestKey RotateKeys(string role)
    {
        if (role == RoleNames.Root)
        {
            ExtraRootSigners.AddRange(Signer(role));
        }
        var entry = RoleEntry(role);
        foreach (var id in ((JsonArray)entry["keyids"]!).Select(k => (string)k!).ToList())
        {
            ((JsonObject)Root["keys"]!).Remove(id);
        }
        entry["keyids"] = new JsonArray();
        Signer(role).Clear();
        return AddKey(role);
    }

    /// <summary>Signs the current root as the next published version.</summary>
    public void PublishRoot()
    {
        SignedRoots.Add(Sign(Root, Signer(RoleNames.Root).Concat(ExtraRootSigners).DistinctBy(k => k.KeyId)));
        ExtraRootSigners.Clear();
    }

    public void BumpRoot()
    {
        Bump(Root);
        PublishRoot();
    }

    /// <summary>Points the timestamp at the current snapshot and bumps it.</summary>
    public void UpdateTimestamp()
    {
        var meta = new JsonObject { ["version"] = Version(Snapshot) };
        if (ComputeMetaHashesAndLength)
        {
            AddLengthAndHashes(meta, SignedSnapshot());
        }
        Timestamp["meta"] = new JsonObject { ["snapshot.json"] = meta };
        Bump(Timestamp);
    }

    /// <summary>Records every targets role's current version in the snapshot, bumps it, then updates the timestamp.</summary>
    public void UpdateSnapshot()
    {
        var meta = new JsonObject();
        foreach (var (role, signed) in Targets)
        {
            var entry = new JsonObject { ["version"] = Version(signed) };
            if (ComputeMetaHashesAndLength)
            {
                AddLengthAndHashes(entry, SignedTargets(role));
            }
            meta[role + ".json"] = entry;
        }
        Snapshot["meta"] = meta;
        Bump(Snapshot);
        UpdateTimestamp();
    }

    /// <summary>Adds (or replaces) an artifact listed by <paramref name="role"/>; call <see cref="UpdateSnapshot"/> after bumping that role.</summary>
    public void AddArtifact(string role, string path, byte[] content)
    {
        Artifacts[path] = content;
        ((JsonObject)Targets[role]["targets"]!)[path] = new JsonObject
        {
            ["length"] = content.Length,
            ["hashes"] = new JsonObject { ["sha256"] = Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant() },
        };
    }

    /// <summary>Delegates from <paramref name="delegator"/> to a new role with one new key.</summary>
    public JsonObject AddDelegation(string delegator, string role, bool terminating = false, string[]? paths = null, string[]? hashPrefixes = null)
    {
        var delegations = Delegations(delegator);
        var entry = new JsonObject
        {
            ["name"] = role,
            ["keyids"] = new JsonArray(),
            ["threshold"] = 1,
            ["terminating"] = terminating,
        };
        if (hashPrefixes is not null)
        {
            entry["path_hash_prefixes"] = new JsonArray(hashPrefixes.Select(p => (JsonNode)p).ToArray());
        }
        else
        {
            entry["paths"] = new JsonArray((paths ?? ["*"]).Select(p => (JsonNode)p).ToArray());
        }
        ((JsonArray)delegations["roles"]!).Add(entry);
        if (!Targets.ContainsKey(role))
        {
            Targets[role] = SignedBase(RoleNames.Targets);
            Targets[role]["targets"] = new JsonObject();
        }
        AddKey(role, delegator);
        return entry;
    }

    /// <summary>Delegates from <paramref name="delegator"/> to 2^bitLength succinct hash bins sharing one new key.</summary>
    public void AddSuccinctDelegation(string delegator, int bitLength, string namePrefix)
    {
        var key = NewKey();
        var delegations = Delegations(delegator);
        delegations.Remove("roles");
        ((JsonObject)delegations["keys"]!)[key.KeyId] = key.ToJson();
        delegations["succinct_roles"] = new JsonObject
        {
            ["keyids"] = new JsonArray(key.KeyId),
            ["threshold"] = 1,
            ["bit_length"] = bitLength,
            ["name_prefix"] = namePrefix,
        };
        var suffixLength = ((1 << bitLength) - 1).ToString("x", System.Globalization.CultureInfo.InvariantCulture).Length;
        for (var bin = 0; bin < 1 << bitLength; bin++)
        {
            var name = $"{namePrefix}-{bin.ToString("x" + suffixLength, System.Globalization.CultureInfo.InvariantCulture)}";
            Targets[name] = SignedBase(RoleNames.Targets);
            Targets[name]["targets"] = new JsonObject();
            Signer(name).Add(key);
        }
    }

    public byte[] SignedSnapshot() => SignOnce(Snapshot, Signer(RoleNames.Snapshot));

    public byte[] SignedTimestamp() => SignOnce(Timestamp, Signer(RoleNames.Timestamp));

    public byte[] SignedTargets(string role) => SignOnce(Targets[role], Signer(role));

    /// <summary>
    /// Signs, but returns the same bytes for the same content and keys: ECDSA signatures are randomized, and the
    /// hashes timestamp and snapshot record must match what is later served.
    /// </summary>
    public byte[] SignOnce(JsonObject signed, IEnumerable<TestKey> keys)
    {
        var list = keys.ToList();
        var cacheKey = signed.ToJsonString() + "|" + string.Join(",", list.Select(k => k.KeyId));
        if (!_signed.TryGetValue(cacheKey, out var bytes))
        {
            _signed[cacheKey] = bytes = Sign(signed, list);
        }
        return bytes;
    }

    /// <summary>The envelope over <paramref name="signed"/>, signed by <paramref name="keys"/>, not canonical (as repositories write it).</summary>
    public static byte[] Sign(JsonObject signed, IEnumerable<TestKey> keys)
    {
        var bytes = CanonicalJson.Serialize(signed);
        var signatures = new JsonArray();
        foreach (var key in keys)
        {
            signatures.Add(new JsonObject { ["keyid"] = key.KeyId, ["sig"] = Convert.ToHexString(key.Sign(bytes)).ToLowerInvariant() });
        }
        var envelope = new JsonObject { ["signatures"] = signatures, ["signed"] = signed.DeepClone() };
        return Encoding.UTF8.GetBytes(envelope.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    public Task<byte[]> FetchBytesAsync(Uri url, long maxLength, CancellationToken cancellationToken)
    {
        var body = Fetch(url);
        if (body.Length > maxLength)
        {
            throw new DownloadException(url, $"{url} is longer than the {maxLength} bytes allowed");
        }
        return Task.FromResult(body);
    }

    public async Task FetchToStreamAsync(Uri url, Stream destination, long maxLength, CancellationToken cancellationToken)
    {
        var body = Fetch(url);
        // Delivered in chunks, and cut off at the cap as a real fetcher does, so streaming checks are exercised.
        for (var offset = 0; offset < body.Length; offset += 7)
        {
            if (offset >= maxLength)
            {
                throw new DownloadException(url, $"{url} is longer than the {maxLength} bytes allowed");
            }
            var count = (int)Math.Min(Math.Min(7, body.Length - offset), maxLength - offset);
            await destination.WriteAsync(body.AsMemory(offset, count), cancellationToken);
        }
    }

    private byte[] Fetch(Uri url)
    {
        if (Serve?.Invoke(url) is { } served)
        {
            return served;
        }
        var path = Uri.UnescapeDataString(url.AbsolutePath);
        if (url.AbsoluteUri.StartsWith(MetadataUrl.AbsoluteUri, StringComparison.Ordinal))
        {
            return FetchMetadata(path["/metadata/".Length..], url);
        }
        if (url.AbsoluteUri.StartsWith(TargetsUrl.AbsoluteUri, StringComparison.Ordinal))
        {
            var targetPath = path["/targets/".Length..];
            ArtifactRequests.Add(targetPath);
            if ((bool)Root["consistent_snapshot"]!)
            {
                var slash = targetPath.LastIndexOf('/');
                var dot = targetPath.IndexOf('.', slash + 1);
                targetPath = dot < 0 ? targetPath : targetPath[..(slash + 1)] + targetPath[(dot + 1)..];
            }
            return Artifacts.TryGetValue(targetPath, out var artifact) ? artifact : throw NotFound(url);
        }
        throw NotFound(url);
    }

    private byte[] FetchMetadata(string file, Uri url)
    {
        var name = file[..^".json".Length];
        long? version = null;
        var dot = name.IndexOf('.');
        if (dot > 0 && long.TryParse(name[..dot], out var parsed))
        {
            version = parsed;
            name = name[(dot + 1)..];
        }
        MetadataRequests.Add((name, version));
        if (name == RoleNames.Root)
        {
            var index = (version ?? SignedRoots.Count) - 1;
            return index >= 0 && index < SignedRoots.Count ? SignedRoots[(int)index] : throw NotFound(url);
        }
        JsonObject? signed = name switch
        {
            RoleNames.Timestamp => Timestamp,
            RoleNames.Snapshot => Snapshot,
            _ => Targets.GetValueOrDefault(name),
        };
        if (signed is null || (version is { } v && v != Version(signed)))
        {
            throw NotFound(url);
        }
        return SignOnce(signed, Signer(name));
    }

    private JsonObject Delegations(string delegator)
    {
        var targets = Targets[delegator];
        if (targets["delegations"] is not JsonObject delegations)
        {
            delegations = new JsonObject { ["keys"] = new JsonObject(), ["roles"] = new JsonArray() };
            targets["delegations"] = delegations;
        }
        return delegations;
    }

    private static void AddLengthAndHashes(JsonObject meta, byte[] data)
    {
        meta["length"] = data.Length;
        meta["hashes"] = new JsonObject { ["sha256"] = Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant() };
    }

    private JsonObject SignedBase(string type) => new()
    {
        ["_type"] = type,
        ["spec_version"] = "1.0.31",
        ["version"] = 1,
        ["expires"] = Expires.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
    };

    private static DownloadException NotFound(Uri url) => new(url, $"{url}: 404 Not Found", 404);
}
