using System.Text;
using System.Text.RegularExpressions;

namespace Summon.FaultInjection;

/// <summary>
/// Which request paths a fault applies to: <c>*</c> is any run of characters but <c>/</c>, <c>**</c> any run at all,
/// matched against the path without its leading slash (<c>targets/**</c>, <c>**/timestamp.json</c>, <c>**</c> for all).
/// </summary>
public sealed class PathGlob
{
    private readonly Regex regex;

    /// <summary>Compiles <paramref name="pattern"/>.</summary>
    public PathGlob(string pattern)
    {
        Pattern = pattern;
        var text = new StringBuilder("^");
        var trimmed = pattern.TrimStart('/');
        for (var i = 0; i < trimmed.Length; i++)
        {
            if (trimmed[i] == '*' && i + 1 < trimmed.Length && trimmed[i + 1] == '*')
            {
                text.Append(".*");
                i++;
            }
            else if (trimmed[i] == '*')
            {
                text.Append("[^/]*");
            }
            else
            {
                text.Append(Regex.Escape(trimmed[i].ToString()));
            }
        }
        regex = new Regex(text.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>The pattern as given.</summary>
    public string Pattern { get; }

    /// <summary>Whether <paramref name="path"/> (with or without a leading slash) matches.</summary>
    public bool IsMatch(string path) => regex.IsMatch(path.TrimStart('/'));
}
