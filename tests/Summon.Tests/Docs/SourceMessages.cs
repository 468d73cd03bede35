using System.Text;
using System.Text.RegularExpressions;

namespace Summon.Tests.Docs;

/// <summary>One message the code can show a user, and the longest stretch of it that is the same every time.</summary>
public sealed record SourceMessage(string File, int Line, string Fragment);

/// <summary>
/// Finds, in the C# sources under src/, every message a user can meet: the text given to a Summon exception's
/// constructor (or returned by a helper that builds one), and every <c>summon: …</c> line written to standard error
/// or to <see cref="SummonOptions.Log"/>. Interpolation holes vary; the longest literal stretch between them is what a
/// page quoting the message must contain.
/// </summary>
public static partial class SourceMessages
{
    private const int ShortestUsefulFragment = 12;

    public static IReadOnlyList<SourceMessage> Find(string sourceRoot, IEnumerable<string> exceptionTypes)
    {
        var types = string.Join("|", exceptionTypes.Select(Regex.Escape));
        var calls = new Regex(
            $@"new (?:{types})\(|(?:{types})\s+\w+\([^()]*\)\s*=>\s*new\(|(?<line>Console\.Error\.WriteLine\(|[lL]og\?\.Invoke\()",
            RegexOptions.CultureInvariant);
        var found = new List<SourceMessage>();
        foreach (var file in Directory.EnumerateFiles(sourceRoot, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(sourceRoot, file).Replace('\\', '/');
            if (relative.Split('/').Any(segment => segment is "obj" or "bin"))
            {
                continue;
            }
            var source = File.ReadAllText(file);
            foreach (Match call in calls.Matches(source))
            {
                var segments = LiteralSegments(source, call.Index + call.Length);
                if (call.Groups["line"].Success && !(segments.FirstOrDefault() ?? "").StartsWith("summon: ", StringComparison.Ordinal))
                {
                    continue;
                }
                var longest = segments.Select(s => s.Trim()).MaxBy(s => s.Length) ?? "";
                if (longest.Length >= ShortestUsefulFragment)
                {
                    found.Add(new SourceMessage(relative, source[..call.Index].Count(c => c == '\n') + 1, longest));
                }
            }
        }
        return found;
    }

    /// <summary>
    /// The literal text of the string literals among a call's arguments (from just after its opening parenthesis to
    /// the closing one), split where interpolation holes are; literals nested inside holes are not part of it.
    /// </summary>
    private static List<string> LiteralSegments(string source, int start)
    {
        var segments = new List<string>();
        var depth = 1;
        var i = start;
        while (i < source.Length && depth > 0)
        {
            var c = source[i];
            if (c == '"' || (c is '$' or '@' && i + 1 < source.Length && source[i + 1] == '"'))
            {
                i = ReadString(source, i, segments);
                continue;
            }
            if (c == '\'')
            {
                i = source[i + 1] == '\\' ? source.IndexOf('\'', i + 3) + 1 : i + 3;
                continue;
            }
            depth += c switch { '(' => 1, ')' => -1, _ => 0 };
            i++;
        }
        return segments;
    }

    /// <summary>Reads one regular, verbatim or interpolated string literal at <paramref name="i"/>; returns the index after it.</summary>
    private static int ReadString(string source, int i, List<string>? segments)
    {
        var interpolated = source[i] == '$';
        var verbatim = source[i] == '@';
        i += interpolated || verbatim ? 2 : 1;
        var text = new StringBuilder();
        while (true)
        {
            var c = source[i];
            if (c == '"' && verbatim && source[i + 1] == '"')
            {
                text.Append('"');
                i += 2;
            }
            else if (c == '"')
            {
                segments?.Add(text.ToString());
                return i + 1;
            }
            else if (c == '\\' && !verbatim)
            {
                text.Append(source[i + 1] switch { 'n' => '\n', 't' => '\t', var other => other });
                i += 2;
            }
            else if (interpolated && (c is '{' or '}') && source[i + 1] == c)
            {
                text.Append(c);
                i += 2;
            }
            else if (interpolated && c == '{')
            {
                segments?.Add(text.ToString());
                text.Clear();
                i = SkipHole(source, i + 1);
            }
            else
            {
                text.Append(c);
                i++;
            }
        }
    }

    private static int SkipHole(string source, int i)
    {
        var depth = 1;
        while (depth > 0)
        {
            var c = source[i];
            if (c == '"' || (c is '$' or '@' && source[i + 1] == '"'))
            {
                i = ReadString(source, i, segments: null);
                continue;
            }
            depth += c switch { '{' or '(' => 1, '}' or ')' => -1, _ => 0 };
            i++;
        }
        return i;
    }

    /// <summary>Runs of whitespace as one space, so a message may be quoted across a line break.</summary>
    public static string Flatten(string text) => Whitespace().Replace(text, " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
