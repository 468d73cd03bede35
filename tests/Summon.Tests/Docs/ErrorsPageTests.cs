using System.Text.RegularExpressions;
using Summon.Publishing;

namespace Summon.Tests.Docs;

/// <summary>docs/errors.md lists every error a user can meet: the code is the list, the page must keep up with it.</summary>
public class ErrorsPageTests
{
    private static readonly string Page = DocPages.Read("docs/errors.md");

    private static IReadOnlyList<Type> PublicExceptionTypes() =>
        [.. new[] { typeof(Summoner).Assembly, typeof(PublishingException).Assembly }
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => typeof(Exception).IsAssignableFrom(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal)];

    [Fact]
    public void Every_public_exception_type_has_a_row_in_the_table_of_types()
    {
        var types = PublicExceptionTypes();

        Assert.Contains(typeof(TrustException), types);
        var missing = types.Where(t => !Regex.IsMatch(Page, $@"^\| `{t.Name}` \|", RegexOptions.Multiline)).Select(t => t.FullName).ToList();
        Assert.True(missing.Count == 0, $"docs/errors.md has no row for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_exit_code_of_the_tool_has_a_row_with_its_number_and_name()
    {
        var source = DocPages.Read("src/Summon.Cli/ExitCodes.cs");
        var codes = Regex.Matches(source, @"public const int (?<name>\w+) = (?<value>\d+);").Select(m => (Name: m.Groups["name"].Value, Value: m.Groups["value"].Value)).ToList();

        Assert.True(codes.Count >= 6, $"found only {codes.Count} exit codes in ExitCodes.cs");
        var missing = codes.Where(c => !Regex.IsMatch(Page, $@"^\|\s*{c.Value}\s*\|\s*`{c.Name}`\s*\|", RegexOptions.Multiline)).ToList();
        Assert.True(missing.Count == 0, $"docs/errors.md has no row for exit code(s): {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_trust_check_has_a_row_in_the_table_of_checks()
    {
        var missing = Enum.GetNames<TrustCheck>().Where(name => !Regex.IsMatch(Page, $@"^\| `{name}` \|", RegexOptions.Multiline)).ToList();

        Assert.True(missing.Count == 0, $"docs/errors.md has no row for TrustCheck: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_top_level_role_a_trust_exception_can_name_is_explained()
    {
        var roles = new[] { "root", "timestamp", "snapshot", "targets" };

        Assert.All(roles, role => Assert.Contains($"`{role}`", Page));
    }

    [Fact]
    public void Every_message_the_code_can_produce_is_quoted()
    {
        var messageTypes = PublicExceptionTypes().Where(t => typeof(SummonException).IsAssignableFrom(t)).Select(t => t.Name);
        var messages = SourceMessages.Find(Path.Combine(DocPages.Root, "src"), messageTypes);
        var page = SourceMessages.Flatten(Page);

        Assert.True(messages.Count > 100, $"found only {messages.Count} messages under src/: the scan is broken");
        var missing = messages.Where(m => !page.Contains(SourceMessages.Flatten(m.Fragment), StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0,
            "docs/errors.md does not quote these messages (add each, with what it means and the fix):\n"
            + string.Join("\n", missing.Select(m => $"  src/{m.File}:{m.Line}: \"{m.Fragment}\"")));
    }
}
