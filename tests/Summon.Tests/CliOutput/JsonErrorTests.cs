using System.Text.Json;
using QuickStart;

namespace Summon.Tests.CliOutput;

/// <summary>
/// A failure with <c>--json</c>: the same exit code as without, one error document on stdout (so a script always
/// reads one document), and the usual one line on stderr for the person watching.
/// </summary>
public class JsonErrorTests : CliWorldTests
{
    private static JsonElement Error(ProcessResult result, int exitCode, string kind)
    {
        var error = JsonOutputTests.Document(result, exitCode).GetProperty("error");
        Assert.Equal(exitCode, error.GetProperty("exitCode").GetInt32());
        Assert.Equal(kind, error.GetProperty("kind").GetString());
        Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(error.GetProperty("message").GetString()!, result.StandardError);
        return error;
    }

    [Fact]
    public async Task AnUnknownModuleIsNotFound()
    {
        var error = Error(await World.RunAsync("prefetch", "acme.missing", "--json"), 5, "notFound");

        Assert.Contains("acme.missing", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task AnUnreachableRepositoryIsUnreachable()
    {
        await World.StopServerAsync();

        Error(await World.RunAsync("prefetch", "acme.pdf", "--json"), 3, "unreachable");
    }

    [Fact]
    public async Task ABadOptionIsAUsageError()
    {
        var error = Error(await World.RunAsync("list", "--no-such-option", "--json"), 2, "usage");

        Assert.Contains("--no-such-option", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task AModuleNothingRequiresIsNotFoundByWhy()
    {
        var prefetch = await World.RunAsync("prefetch", "acme.fonts", "--quiet");
        Assert.True(prefetch.ExitCode == 0, prefetch.Output);

        Error(await World.RunAsync("why", "acme.pdf", "--json"), 5, "notFound");
    }
}
