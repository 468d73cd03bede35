namespace Summon.Tests.EndToEnd;

/// <summary>
/// Modules load when code first needs them; an application that opts in to preloading has the modules an earlier run
/// used loaded as the hook is installed, while the cache still holds them unchanged.
/// </summary>
[Collection(EndToEndCollection.Name)]
public class PreloadTests(SampleBuildFixture builds)
{
    private const string Preloaded = "Acme.Extra was preloaded from the cache.";
    private const string NotLoadedYet = "Acme.Extra is not loaded yet.";

    [Fact]
    public async Task WithoutTheOptInACachedModuleIsNotLoadedBeforeItsFirstUse()
    {
        await using var scenario = await Scenario.CreateAsync(builds);
        await scenario.RunHostAsync();

        var run = await scenario.RunHostAsync();

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains(NotLoadedYet, run.StandardOutput);
        Assert.Contains("from Acme.Extra 1.0.0", run.StandardOutput);
    }

    [GlibcFact]
    public async Task WithTheOptInTheRunAfterTheFetchLoadsTheModuleBeforeItsFirstUse()
    {
        await using var scenario = await Scenario.CreateAsync(builds);
        scenario.OptInToPreloading();
        var first = await scenario.RunHostAsync();
        scenario.Requests.Clear();

        var second = await scenario.RunHostAsync();

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains(NotLoadedYet, first.StandardOutput);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains(Preloaded, second.StandardOutput);
        Assert.Contains("from Acme.Extra 1.0.0", second.StandardOutput);
        Assert.Empty(scenario.Requests);
    }

    [GlibcFact]
    public async Task WithTheOptInAVersionRevokedSinceTheLastRunIsNotPreloaded()
    {
        await using var scenario = await Scenario.CreateAsync(builds);
        scenario.OptInToPreloading();
        await scenario.RunHostAsync();
        scenario.PublishVersion2();
        await scenario.RunCliAsync("update");
        await scenario.RunHostAsync(); // the first run to load 2.0.0 leaves the record the next one preloads from
        var before = await scenario.RunHostAsync();
        scenario.Revoke("2.0.0", "CVE-2026-0002: unsafe font parsing");
        await scenario.RunCliAsync("update");

        var run = await scenario.RunHostAsync();

        Assert.Contains(Preloaded, before.StandardOutput);
        Assert.Contains("from Acme.Extra 2.0.0", before.StandardOutput);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains(NotLoadedYet, run.StandardOutput);
        Assert.Contains("from Acme.Extra 1.0.0", run.StandardOutput);
    }
}
