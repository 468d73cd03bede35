using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Summon.Publishing.Metadata;

/// <summary>
/// Which delegated role a target path belongs to, matched the way TUF clients match it: a pattern matches
/// segment by segment (<c>*</c> never crosses a <c>/</c>), and hash-bin roles match on the hex SHA-256 of the path.
/// </summary>
internal static class PathPatterns
{
    public static bool RoleMatches(JsonObject delegatedRole, string targetPath)
    {
        if (delegatedRole["paths"] is JsonArray paths)
        {
            return paths.Any(p => p is not null && Matches(p.GetValue<string>(), targetPath));
        }
        if (delegatedRole["path_hash_prefixes"] is JsonArray prefixes)
        {
            var hash = PathHash(targetPath);
            return prefixes.Any(p => p is not null && hash.StartsWith(p.GetValue<string>(), StringComparison.Ordinal));
        }
        return false;
    }

    // Finding a target's role asks every hashed bin in turn (thousands in a large repository) about one path: hash it once.
    [ThreadStatic]
    private static (string Path, string Hash)? lastHash;

    public static string PathHash(string targetPath)
    {
        if (lastHash is { } last && last.Path == targetPath)
        {
            return last.Hash;
        }
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(targetPath))).ToLowerInvariant();
        lastHash = (targetPath, hash);
        return hash;
    }

    // The writer matches exactly as the client does, so a target is signed by the role a client will ask.
    public static bool Matches(string pattern, string path) => Trust.PathPattern.Matches(path, pattern);
}
