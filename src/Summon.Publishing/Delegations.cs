using System.Text.Json.Nodes;
using Summon.Publishing.Keys;
using Summon.Publishing.Metadata;

namespace Summon.Publishing;

/// <summary>
/// Delegations hand a part of the target namespace to other keys: by path pattern (another publisher's
/// modules), or by hash of the path (hashed bins, so no single targets file grows with the repository).
/// </summary>
internal static class Delegations
{
    public const string BinPrefix = "bins-";
    private const int MaxBins = 65536;

    public static void Delegate(RepositoryState state, string role, IReadOnlyList<string> patterns, IReadOnlyList<JsonObject> publicKeys,
        int threshold, bool terminating, string delegator)
    {
        Roles.ValidateDelegatedName(role);
        if (patterns.Count == 0)
        {
            throw new PublishingException($"Give at least one path pattern for role '{role}' (for example modules/acme.pdf/* or assemblies/acme.*.json).");
        }
        if (threshold < 1 || threshold > publicKeys.Count)
        {
            throw new PublishingException($"A threshold of {threshold} for role '{role}' is impossible with {publicKeys.Count} key(s); use 1 to {publicKeys.Count}.");
        }
        var delegations = DelegationsOf(state, delegator);
        var keys = (JsonObject)delegations["keys"]!;
        var keyIds = new JsonArray();
        foreach (var key in publicKeys)
        {
            var keyId = KeyIds.Compute(key);
            keys[keyId] = JsonNode.Parse(key.ToJsonString());
            keyIds.Add(keyId);
        }
        var roles = (JsonArray)delegations["roles"]!;
        var entry = new JsonObject
        {
            ["name"] = role,
            ["keyids"] = keyIds,
            ["threshold"] = threshold,
            ["terminating"] = terminating,
            ["paths"] = new JsonArray([.. patterns.Select(p => (JsonNode)JsonValue.Create(p))]),
        };
        var existing = roles.OfType<JsonObject>().FirstOrDefault(r => r["name"]?.GetValue<string>() == role);
        if (existing is not null)
        {
            roles[roles.IndexOf(existing)] = entry;
        }
        else
        {
            roles.Add(entry);
        }
        PruneKeys(delegations);
        state.MarkDirty(delegator);

        // Only a role whose keys are here can be signed now; otherwise its publisher creates it on first publish.
        if (!state.HasTargetsRole(role) && publicKeys.Count(k => state.Keys.Find(KeyIds.Compute(k)) is not null) >= threshold)
        {
            state.CreateTargetsRole(role);
        }
        state.Commit();
    }

    public static IReadOnlyList<string> DelegateHashBins(RepositoryState state, int binCount, SigningKey key, string delegator)
    {
        if (binCount < 2 || binCount > MaxBins || (binCount & (binCount - 1)) != 0)
        {
            throw new PublishingException($"The number of hashed bins must be a power of two from 2 to {MaxBins}, not {binCount}.");
        }
        var delegations = DelegationsOf(state, delegator);
        var roles = (JsonArray)delegations["roles"]!;
        if (roles.OfType<JsonObject>().Any(r => r["name"]?.GetValue<string>().StartsWith(BinPrefix, StringComparison.Ordinal) == true))
        {
            throw new PublishingException($"Role '{delegator}' already delegates to hashed bins; re-binning an existing repository is not supported.");
        }
        var prefixLength = 1;
        while (1 << (4 * prefixLength) < binCount)
        {
            prefixLength++;
        }
        var prefixCount = 1 << (4 * prefixLength);
        var perBin = prefixCount / binCount;
        ((JsonObject)delegations["keys"]!)[key.KeyId] = key.PublicKeyObject();

        var names = new List<string>(binCount);
        for (var bin = 0; bin < binCount; bin++)
        {
            var prefixes = Enumerable.Range(bin * perBin, perBin).Select(p => p.ToString($"x{prefixLength}")).ToList();
            var name = perBin == 1 ? $"{BinPrefix}{prefixes[0]}" : $"{BinPrefix}{prefixes[0]}-{prefixes[^1]}";
            names.Add(name);
            roles.Add(new JsonObject
            {
                ["name"] = name,
                ["keyids"] = new JsonArray(key.KeyId),
                ["threshold"] = 1,
                ["terminating"] = true,
                ["path_hash_prefixes"] = new JsonArray([.. prefixes.Select(p => (JsonNode)JsonValue.Create(p))]),
            });
            state.CreateTargetsRole(name);
        }
        state.MarkDirty(delegator);

        // The delegator's own targets move into their bins, so it stays small however many targets there are.
        var own = state.TargetsRole(delegator).Signed["targets"] as JsonObject ?? [];
        var moving = own.Select(p => (Path: p.Key, Info: p.Value!.ToJsonString())).ToList();
        foreach (var (path, info) in moving)
        {
            own.Remove(path);
            var bin = names[Convert.ToInt32(PathPatterns.PathHash(path)[..prefixLength], 16) / perBin];
            var binTargets = (JsonObject)state.TargetsRole(bin).Signed["targets"]!;
            binTargets[path] = JsonNode.Parse(info);
        }
        state.Commit();
        return names;
    }

    /// <summary>Replaces a delegated role's keys with new ones held here; the delegator and the role are re-signed.</summary>
    public static void RotateDelegated(RepositoryState state, string role, IReadOnlyList<SigningKey> newKeys)
    {
        var (delegator, entry) = state.FindDelegation(role);
        var delegations = DelegationsOf(state, delegator);
        var keys = (JsonObject)delegations["keys"]!;
        var keyIds = new JsonArray();
        foreach (var key in newKeys)
        {
            keys[key.KeyId] = key.PublicKeyObject();
            keyIds.Add(key.KeyId);
        }
        entry["keyids"] = keyIds;
        entry["threshold"] = Math.Min(entry["threshold"]?.GetValue<int>() ?? 1, newKeys.Count);
        PruneKeys(delegations);
        state.MarkDirty(delegator);
        if (!state.HasTargetsRole(role))
        {
            state.CreateTargetsRole(role);
        }
        state.MarkDirty(role);
        state.Commit();
    }

    private static JsonObject DelegationsOf(RepositoryState state, string delegator)
    {
        var signed = state.TargetsRole(delegator).Signed;
        if (signed["delegations"] is not JsonObject delegations)
        {
            delegations = new JsonObject { ["keys"] = new JsonObject(), ["roles"] = new JsonArray() };
            signed["delegations"] = delegations;
        }
        delegations["keys"] ??= new JsonObject();
        delegations["roles"] ??= new JsonArray();
        return delegations;
    }

    /// <summary>Keys no delegated role uses any more are dropped, so a retired key cannot sign for anything.</summary>
    private static void PruneKeys(JsonObject delegations)
    {
        var used = ((JsonArray)delegations["roles"]!).OfType<JsonObject>()
            .SelectMany(r => (r["keyids"] as JsonArray ?? []).Select(k => k!.GetValue<string>()))
            .ToHashSet(StringComparer.Ordinal);
        var keys = (JsonObject)delegations["keys"]!;
        foreach (var keyId in keys.Select(p => p.Key).Where(k => !used.Contains(k)).ToList())
        {
            keys.Remove(keyId);
        }
    }
}
