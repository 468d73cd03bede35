using System.Text.RegularExpressions;
using Summon.Tests.EndToEnd;

namespace Summon.Tests.Docs;

/// <summary>Every <c>summon …</c> command the pages show is one the tool has, as its own <c>--help</c> lists them.</summary>
public partial class CommandTests
{
    [Fact]
    public async Task Every_summon_command_in_the_docs_is_a_real_command()
    {
        var topLevel = await CommandsListedByAsync();
        var groups = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
        {
            ["repo"] = await CommandsListedByAsync("repo"),
            ["cache"] = await CommandsListedByAsync("cache"),
        };
        Assert.Contains("prefetch", topLevel);
        Assert.Contains("sign-root", groups["repo"]);
        Assert.Contains("prune", groups["cache"]);

        var unknown = new List<string>();
        var checkedCount = 0;
        foreach (var page in DocPages.All())
        {
            foreach (var code in DocPages.CodeOf(DocPages.Read(page)))
            {
                foreach (Match mention in Mention().Matches(code))
                {
                    checkedCount++;
                    var command = mention.Groups["command"].Value;
                    var sub = mention.Groups["sub"].Value;
                    if (!topLevel.Contains(command))
                    {
                        unknown.Add($"{page}: summon {command}");
                    }
                    else if (groups.TryGetValue(command, out var subcommands) && sub.Length > 0 && !subcommands.Contains(sub))
                    {
                        unknown.Add($"{page}: summon {command} {sub}");
                    }
                }
            }
        }
        Assert.True(checkedCount > 30, $"only {checkedCount} commands found in the docs: the scan is broken");
        Assert.True(unknown.Count == 0, $"the docs mention commands the tool does not have: {string.Join("; ", unknown)}");
    }

    /// <summary>The names in the "Commands:" section of <c>summon [group] --help</c>.</summary>
    private static async Task<IReadOnlySet<string>> CommandsListedByAsync(params string[] group)
    {
        var help = await Cli.RunAsync([.. group, "--help"]);
        Assert.True(help.ExitCode == 0, help.Output);
        var section = help.StandardOutput.Split("Commands:", 2) is [_, var rest] ? rest : "";
        return HelpEntry().Matches(section).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^  (?<name>[a-z][a-z-]*)", RegexOptions.Multiline)]
    private static partial Regex HelpEntry();

    /// <summary><c>summon prefetch</c>, <c>summon repo sign-root</c>: the tool's name as a word, then a command.</summary>
    [GeneratedRegex(@"(?<![\w./-])summon (?<command>[a-z][a-z-]*)(?: (?<sub>[a-z][a-z-]*))?")]
    private static partial Regex Mention();
}
