using System.Text.RegularExpressions;

namespace Summon.Tests.Docs;

/// <summary>Every relative link in README.md and docs/*.md leads to a file that exists, and to a heading that does.</summary>
public partial class LinkTests
{
    /// <summary>
    /// Pages other helpers are writing in parallel, linked from the README before they land. A link to one is let
    /// through only while the file does not exist yet; once it does, it is checked like any other.
    /// </summary>
    private static readonly HashSet<string> LandingInParallel = ["docs/build-integration.md", "docs/observability.md", "docs/hosting.md"];

    public static TheoryData<string> Pages() => [.. DocPages.All()];

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_relative_link_points_to_a_file_and_heading_that_exist(string page)
    {
        var markdown = DocPages.Read(page);
        var broken = new List<string>();
        foreach (Match link in Link().Matches(DocPages.ProseOf(markdown)))
        {
            var target = link.Groups["target"].Value;
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }
            var hash = target.IndexOf('#');
            var (file, anchor) = hash < 0 ? (target, null) : (target[..hash], target[(hash + 1)..]);
            var resolved = file.Length == 0 ? page : Path.GetRelativePath(DocPages.Root, Path.GetFullPath(Path.Combine(DocPages.Root, Path.GetDirectoryName(page)!, file))).Replace('\\', '/');
            var full = Path.Combine(DocPages.Root, resolved);
            if (!File.Exists(full) && !Directory.Exists(full))
            {
                if (!LandingInParallel.Contains(resolved))
                {
                    broken.Add($"{target} (no file {resolved})");
                }
                continue;
            }
            if (anchor is not null && resolved.EndsWith(".md", StringComparison.Ordinal) && !DocPages.AnchorsOf(File.ReadAllText(full)).Contains(anchor))
            {
                broken.Add($"{target} (no heading #{anchor} in {resolved})");
            }
        }
        Assert.True(broken.Count == 0, $"{page} has broken links: {string.Join("; ", broken)}");
    }

    [Fact]
    public void The_readme_links_every_page_under_docs()
    {
        var readme = DocPages.ProseOf(DocPages.Read("README.md"));
        var linked = Link().Matches(readme).Select(m => m.Groups["target"].Value.Split('#')[0]).ToHashSet(StringComparer.Ordinal);

        var unlinked = DocPages.All().Where(p => p != "README.md" && !linked.Contains(p)).ToList();
        Assert.True(unlinked.Count == 0, $"README.md does not link: {string.Join(", ", unlinked)}");
    }

    [Fact]
    public void The_readme_opens_with_the_quick_start_and_the_test_suite()
    {
        var readme = DocPages.Read("README.md");

        var firstBlock = DocPages.CodeOf(readme).First().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("dotnet run --project samples/QuickStart ", firstBlock[0]);
        Assert.StartsWith("./test.sh ", firstBlock[1]);
    }

    [Fact]
    public void Anchors_follow_githubs_rules_for_headings()
    {
        var anchors = DocPages.AnchorsOf("""
            # The cache
            ## A shared, read-only cache for machines with many users
            ### "Permission denied" or "belongs to another user" on the cache
            ```sh
            # not a heading
            ```
            ## The `summon cache` commands
            ## The cache
            """);

        string[] expected = ["the-cache", "a-shared-read-only-cache-for-machines-with-many-users", "permission-denied-or-belongs-to-another-user-on-the-cache", "the-summon-cache-commands", "the-cache-1"];
        Assert.True(anchors.SetEquals(expected), string.Join(", ", anchors));
    }

    [GeneratedRegex(@"\[[^\]]*\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();
}
