namespace Summon.Trust;

/// <summary>
/// Delegation path patterns as the TUF specification and python-tuf read them: the pattern and the target path
/// are split on <c>/</c> and must have as many segments; each segment matches shell-style (<c>*</c>, <c>?</c>,
/// <c>[seq]</c>, <c>[!seq]</c>), so <c>*</c> never crosses a directory.
/// </summary>
internal static class PathPattern
{
    public static bool Matches(string targetPath, string pattern)
    {
        var targetParts = targetPath.Split('/');
        var patternParts = pattern.Split('/');
        if (targetParts.Length != patternParts.Length)
        {
            return false;
        }
        for (var i = 0; i < targetParts.Length; i++)
        {
            if (!MatchesSegment(targetParts[i], patternParts[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Linear-time wildcard matching with one backtrack point: every token but <c>*</c> consumes exactly one character.</summary>
    public static bool MatchesSegment(string text, string pattern)
    {
        int t = 0, p = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length)
            {
                var c = pattern[p];
                if (c == '*')
                {
                    starP = p++;
                    starT = t;
                    continue;
                }
                if (c == '?')
                {
                    p++;
                    t++;
                    continue;
                }
                if (c == '[' && TryClass(pattern, p, out var end, out var negate, out var members))
                {
                    if (InClass(members, text[t]) != negate)
                    {
                        p = end;
                        t++;
                        continue;
                    }
                }
                else if (c == text[t])
                {
                    p++;
                    t++;
                    continue;
                }
            }
            if (starP < 0)
            {
                return false;
            }
            p = starP + 1;
            t = ++starT;
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }

    /// <summary>Reads <c>[...]</c> at <paramref name="start"/> the way Python's fnmatch does; an unclosed <c>[</c> is a literal.</summary>
    private static bool TryClass(string pattern, int start, out int end, out bool negate, out string members)
    {
        var j = start + 1;
        negate = j < pattern.Length && pattern[j] == '!';
        if (negate)
        {
            j++;
        }
        var contentStart = j;
        if (j < pattern.Length && pattern[j] == ']')
        {
            j++;
        }
        while (j < pattern.Length && pattern[j] != ']')
        {
            j++;
        }
        if (j >= pattern.Length)
        {
            end = start;
            members = "";
            return false;
        }
        members = pattern[contentStart..j];
        end = j + 1;
        return true;
    }

    private static bool InClass(string members, char c)
    {
        for (var k = 0; k < members.Length; k++)
        {
            if (k + 2 < members.Length && members[k + 1] == '-')
            {
                if (c >= members[k] && c <= members[k + 2])
                {
                    return true;
                }
                k += 2;
            }
            else if (members[k] == c)
            {
                return true;
            }
        }
        return false;
    }
}
