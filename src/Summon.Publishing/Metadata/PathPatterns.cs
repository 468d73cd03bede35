using System.Text.Json.Nodes;
using Summon.Trust;

namespace Summon.Publishing.Metadata;

/// <summary>
/// Which delegated role a target path belongs to, matched the way TUF clients match it: a pattern matches
/// segment by segment (<c>*</c> never crosses a <c>/</c>), hash-prefix roles match on the hex SHA-256 of the path, and
/// succinct hash bins (<see cref="HashBins"/>) take the bin named by the first bits of that hash.
/// </summary>
internal static class PathPatterns
{
    /// <summary>
    /// The roles of <paramref name="delegations"/> that may sign for <paramref name="target"/>, in the order a client asks
    /// them, each with whether it is terminating: the one hashed bin the path falls in when they are succinct bins (only
    /// it can hold the path, so it is terminating), else every named role whose paths or hash prefixes match.
    /// </summary>
    public static IEnumerable<(string Role, bool Terminating)> DelegatedRolesFor(JsonNode? delegations, Target target)
    {
        if (HashBins.Of(delegations) is { } bins)
        {
            yield return (bins.BinFor(target), true);
            yield break;
        }
        foreach (var role in (delegations?["roles"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (RoleMatches(role, target))
            {
                yield return (role["name"]!.GetValue<string>(), role["terminating"]?.GetValue<bool>() == true);
            }
        }
    }

    public static bool RoleMatches(JsonObject delegatedRole, Target target)
    {
        if (delegatedRole["paths"] is JsonArray paths)
        {
            return paths.Any(p => p is not null && Matches(p.GetValue<string>(), target.Path));
        }
        if (delegatedRole["path_hash_prefixes"] is JsonArray prefixes)
        {
            return prefixes.Any(p => p is not null && target.Hash.StartsWith(p.GetValue<string>(), StringComparison.Ordinal));
        }
        return false;
    }

    /// <summary>
    /// A target path being matched against delegations. Finding its role asks every hashed bin in turn (thousands
    /// in a large repository): the path is hashed once, on the first bin that asks.
    /// </summary>
    public sealed class Target(string path)
    {
        private string? hash;

        public string Path { get; } = path;

        // The client's formula, so a hash-prefix role here matches the paths a client gives it.
        public string Hash => hash ??= DelegatedRole.PathHash(Path);
    }

    // The writer matches exactly as the client does, so a target is signed by the role a client will ask.
    public static bool Matches(string pattern, string path) => Trust.PathPattern.Matches(path, pattern);
}
