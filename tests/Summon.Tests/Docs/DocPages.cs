using System.Text.RegularExpressions;

namespace Summon.Tests.Docs;

/// <summary>The documentation as a reader meets it: README.md and docs/*.md, their code, links and headings.</summary>
public static partial class DocPages
{
    public static string Root => QuickStart.SampleApps.SourceRoot;

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    /// <summary>README.md and every page under docs/, as paths relative to the repository root.</summary>
    public static IReadOnlyList<string> All() =>
        [.. Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md").Select(p => Path.GetRelativePath(Root, p)).Order(StringComparer.Ordinal).Prepend("README.md")];

    /// <summary>The text inside code: fenced blocks and inline code spans.</summary>
    public static IEnumerable<string> CodeOf(string markdown)
    {
        foreach (Match block in FencedBlock().Matches(markdown))
        {
            yield return block.Groups["code"].Value;
        }
        foreach (Match span in CodeSpan().Matches(FencedBlock().Replace(markdown, "")))
        {
            yield return span.Groups["code"].Value;
        }
    }

    /// <summary>The text outside code, where links and headings are.</summary>
    public static string ProseOf(string markdown) => CodeSpan().Replace(FencedBlock().Replace(markdown, ""), "");

    /// <summary>The anchors GitHub gives a page's headings: lowercase, punctuation dropped, spaces as hyphens.</summary>
    public static IReadOnlySet<string> AnchorsOf(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match heading in Heading().Matches(FencedBlock().Replace(markdown, "")))
        {
            var text = heading.Groups["text"].Value.Trim().ToLowerInvariant();
            var slug = string.Concat(text.Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_')).Replace(' ', '-');
            var candidate = slug;
            for (var n = 1; !anchors.Add(candidate); n++)
            {
                candidate = $"{slug}-{n}";
            }
        }
        return anchors;
    }

    [GeneratedRegex(@"^```[^\n]*\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"(?<fence>`+)(?<code>.+?)\k<fence>", RegexOptions.Singleline)]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();
}
