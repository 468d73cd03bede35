namespace Summon.Tests.EndToEnd;

/// <summary>Bad input to the <c>summon</c> tool: one clear line, a non-zero exit code, never a stack trace.</summary>
[Collection(EndToEndCollection.Name)]
public class CliErrorTests(SampleBuildFixture builds)
{
    private static void AssertOneLineError(QuickStart.ProcessResult result, int exitCode, string expected)
    {
        Assert.True(result.ExitCode == exitCode, $"exit {result.ExitCode}: {result.Output}");
        Assert.Contains(expected, result.StandardError);
        Assert.DoesNotContain("   at ", result.Output);
        Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task AMissingTrustedRootIsAConfigurationError()
    {
        using var cache = new TempDirectory();
        var result = await Cli.RunAsync("prefetch", "acme.extra", "--repository", "http://127.0.0.1:9/", "--trusted-root", "/nonexistent/root.json", "--cache-dir", cache.Path);
        AssertOneLineError(result, 2, "trusted root /nonexistent/root.json cannot be read");
    }

    [Fact]
    public async Task AMalformedRepositoryUrlIsAConfigurationError()
    {
        var result = await Cli.RunAsync("prefetch", "acme.extra", "--repository", "not a url", "--trusted-root", "/nonexistent/root.json");
        AssertOneLineError(result, 2, "is not a repository URL");
    }

    [Fact]
    public async Task AnInvalidVersionRangeIsAConfigurationError()
    {
        var result = await Cli.RunAsync("prefetch", "acme.extra@[1.0", "--repository", "http://127.0.0.1:9/", "--trusted-root", "/nonexistent/root.json");
        AssertOneLineError(result, 2, "is not a valid version range");
    }

    [Fact]
    public async Task AnUnknownModuleIsNotFound()
    {
        await using var scenario = await Scenario.CreateAsync(builds);
        var result = await scenario.RunCliAsync("prefetch", "acme.missing");
        AssertOneLineError(result, 5, "has no module 'acme.missing'");
    }

    [Fact]
    public async Task AnUnreachableRepositorySaysSo()
    {
        await using var scenario = await Scenario.CreateAsync(builds);
        await scenario.StopServerAsync();
        var result = await scenario.RunCliAsync("prefetch", "acme.extra");
        AssertOneLineError(result, 3, "could not be reached");
    }

    [Fact]
    public async Task PrefetchThenListShowsTheModule()
    {
        await using var scenario = await Scenario.CreateAsync(builds);
        var prefetch = await scenario.RunCliAsync("prefetch", "acme.extra@[1.0,2.0)");
        var list = await scenario.RunCliAsync("list");
        Assert.True(prefetch.ExitCode == 0, prefetch.Output);
        Assert.Contains("acme.extra", list.StandardOutput);
        Assert.Contains("1.0.0", list.StandardOutput);
    }
}
