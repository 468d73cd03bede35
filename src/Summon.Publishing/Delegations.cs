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
    private const int MaxBins = 1 << HashBins.MaxBitLength;

    /// <summary>Delegates <paramref name="patterns"/> to <paramref name="role"/>; the caller has called <see cref="EnsureCanDelegate"/>.</summary>
    public static void Delegate(RepositoryState state, string role, IReadOnlyList<string> patterns, IReadOnlyList<JsonObject> publicKeys,
        int threshold, bool terminating, string delegator)
    {
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
        var roles = (JsonArray)(delegations["roles"] ??= new JsonArray());
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

    /// <summary>
    /// Refuses, before any key is made, a delegation that cannot be made: a role name TUF does not allow, no path
    /// patterns, or a delegator that delegates to hashed bins.
    /// </summary>
    public static void EnsureCanDelegate(RepositoryState state, string role, IReadOnlyList<string> patterns, string delegator)
    {
        Roles.ValidateDelegatedName(role);
        if (patterns.Count == 0)
        {
            throw new PublishingException($"Give at least one path pattern for role '{role}' (for example modules/acme.pdf/* or assemblies/acme.*.json).");
        }
        if (HashBins.Of(state.TargetsRole(delegator).Signed["delegations"]) is { } bins)
        {
            throw new PublishingException(
                $"Role '{delegator}' delegates to {bins.Count} hashed bins ({bins.First} … {bins.Last}), and TUF lets a role delegate to hashed bins or to named roles, not both, so '{role}' cannot be delegated from it. "
                + "Delegate it from another role (--from), or lay the repository out with the publishers' path delegations first and the hashed bins under a role of their own (`summon repo delegate-bins <count> --from <role>`).");
        }
    }

    /// <summary>Refuses, before any key is made, hashed bins a delegator cannot take.</summary>
    public static void EnsureCanDelegateHashBins(RepositoryState state, int binCount, string delegator)
    {
        if (binCount < 2 || binCount > MaxBins || (binCount & (binCount - 1)) != 0)
        {
            throw new PublishingException($"The number of hashed bins must be a power of two from 2 to {MaxBins}, not {binCount}.");
        }
        var delegations = state.TargetsRole(delegator).Signed["delegations"];
        if (HashBins.Of(delegations) is not null)
        {
            throw new PublishingException($"Role '{delegator}' already delegates to hashed bins; re-binning an existing repository is not supported.");
        }
        var named = (delegations?["roles"] as JsonArray ?? []).OfType<JsonObject>().Select(r => r["name"]?.GetValue<string>()).ToList();
        if (named.Count > 0)
        {
            throw new PublishingException(
                $"Role '{delegator}' already delegates to {string.Join(", ", named.Take(5).Select(n => $"'{n}'"))}{(named.Count > 5 ? " …" : "")}, and TUF lets a role delegate to named roles or to hashed bins, not both. "
                + "Delegate the hashed bins from a role with no delegations of its own (`summon repo delegate-bins <count> --from <role>`).");
        }
    }

    /// <summary>
    /// Delegates everything <paramref name="delegator"/> signs to <paramref name="binCount"/> succinct hash bins (TAP 15)
    /// signed by <paramref name="key"/>: one small object in the delegator however many bins, instead of an entry per bin.
    /// The caller has called <see cref="EnsureCanDelegateHashBins"/>.
    /// </summary>
    public static IReadOnlyList<string> DelegateHashBins(RepositoryState state, int binCount, SigningKey key, string delegator)
    {
        var bins = HashBins.ForCount(binCount);
        var delegations = DelegationsOf(state, delegator);
        ((JsonObject)delegations["keys"]!)[key.KeyId] = key.PublicKeyObject();
        delegations.Remove("roles");
        delegations["succinct_roles"] = bins.ToJson(key.KeyId);
        PruneKeys(delegations);
        var names = bins.Names().ToList();
        foreach (var name in names)
        {
            state.CreateTargetsRole(name);
        }
        state.MarkDirty(delegator);

        // The delegator's own targets move into their bins, so it stays small however many targets there are.
        var own = state.TargetsRole(delegator).Signed["targets"] as JsonObject ?? [];
        var moving = own.Select(p => (Path: p.Key, Info: p.Value!.ToJsonString())).ToList();
        foreach (var (path, info) in moving)
        {
            own.Remove(path);
            var binTargets = (JsonObject)state.TargetsRole(bins.BinFor(new PathPatterns.Target(path))).Signed["targets"]!;
            binTargets[path] = JsonNode.Parse(info);
        }
        state.Commit();
        return names;
    }

    /// <summary>
    /// Replaces a delegated role's keys with new ones held here; the delegator and the role are re-signed. Hashed bins
    /// share one set of keys, listed once in their delegator, so rotating one bin rotates them all and re-signs every bin.
    /// </summary>
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
        var sharing = HashBins.Of(delegations) is { } bins && bins.Contains(role) ? bins.Names() : [role];
        foreach (var signedByThem in sharing)
        {
            if (!state.HasTargetsRole(signedByThem))
            {
                state.CreateTargetsRole(signedByThem);
            }
            state.MarkDirty(signedByThem);
        }
        state.Commit();
    }

    /// <summary>The hashed bins that share <paramref name="role"/>'s keys, or none when it is not a hashed bin.</summary>
    public static HashBins? BinsOf(RepositoryState state, string role)
    {
        if (Roles.IsTopLevel(role))
        {
            return null;
        }
        var (delegator, _) = state.FindDelegation(role);
        return HashBins.Of(state.TargetsRole(delegator).Signed["delegations"]) is { } bins && bins.Contains(role) ? bins : null;
    }

    /// <summary>
    /// The delegator's delegations object, made with only its keys when there is none: the caller adds either
    /// <c>roles</c> or <c>succinct_roles</c>, never both (a client refuses both, and refuses neither).
    /// </summary>
    private static JsonObject DelegationsOf(RepositoryState state, string delegator)
    {
        var signed = state.TargetsRole(delegator).Signed;
        if (signed["delegations"] is not JsonObject delegations)
        {
            delegations = new JsonObject { ["keys"] = new JsonObject() };
            signed["delegations"] = delegations;
        }
        delegations["keys"] ??= new JsonObject();
        return delegations;
    }

    /// <summary>Keys no delegated role uses any more are dropped, so a retired key cannot sign for anything.</summary>
    private static void PruneKeys(JsonObject delegations)
    {
        var used = (delegations["roles"] as JsonArray ?? []).OfType<JsonObject>()
            .Append(delegations["succinct_roles"] as JsonObject)
            .SelectMany(r => r?["keyids"] as JsonArray ?? [])
            .Select(k => k!.GetValue<string>())
            .ToHashSet(StringComparer.Ordinal);
        var keys = (JsonObject)delegations["keys"]!;
        foreach (var keyId in keys.Select(p => p.Key).Where(k => !used.Contains(k)).ToList())
        {
            keys.Remove(keyId);
        }
    }
}
