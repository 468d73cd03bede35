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

    public static string PathHash(string targetPath) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(targetPath))).ToLowerInvariant();

    public static bool Matches(string pattern, string path)
    {
        var patternParts = pattern.Split('/');
        var pathParts = path.Split('/');
        if (patternParts.Length != pathParts.Length)
        {
            return false;
        }
        for (var i = 0; i < patternParts.Length; i++)
        {
            if (!SegmentMatches(patternParts[i], pathParts[i]))
            {
                return false;
            }
        }
        return true;
    }

    // Iterative glob with one backtrack point: linear in practice, never exponential on hostile patterns.
    private static bool SegmentMatches(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }
}
