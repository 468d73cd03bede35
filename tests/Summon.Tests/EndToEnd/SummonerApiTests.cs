namespace Summon.Tests.EndToEnd;

/// <summary>The explicit API beside the hook, in-process, against a real repository on 127.0.0.1.</summary>
[Collection(EndToEndCollection.Name)]
public class SummonerApiTests(SampleBuildFixture builds)
{
    private static Summoner SummonerFor(Scenario scenario) => new(new SummonOptions
    {
        Repository = scenario.Url,
        TrustedRootPath = Path.Combine(scenario.Host, "root.json"),
        CacheDirectory = scenario.Cache,
    });

    [Fact]
    public async Task ImportReturnsAHandleWithTheLoadedAssemblyAndTheModuleFiles()
    {
        await using var scenario = await Scenario.CreateAsync(builds);
        using var summoner = SummonerFor(scenario);

        var module = await summoner.ImportAsync("acme.extra@[1.0,2.0)");

        Assert.Equal("acme.extra", module.Id);
        Assert.Equal("1.0.0", module.Version);
        Assert.Equal("Acme.Extra", module.Assembly?.GetName().Name);
        Assert.True(File.Exists(module.GetFilePath("Acme.Extra.dll")));
        Assert.Throws<FileNotFoundException>(() => module.GetFilePath("../outside.txt"));
    }

    [Fact]
    public async Task PrefetchInstallsWithoutLoading()
    {
        await using var scenario = await Scenario.CreateAsync(builds);
        using var summoner = SummonerFor(scenario);

        var module = await summoner.PrefetchAsync("acme.extra");

        Assert.Equal("1.0.0", module.Version);
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.Location.StartsWith(scenario.Cache, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ManyThreadsImportingOneModuleDownloadEachFileOnce()
    {
        await using var scenario = await Scenario.CreateAsync(builds);
        using var summoner = SummonerFor(scenario);

        var modules = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => summoner.PrefetchAsync("acme.extra"))));

        Assert.All(modules, m => Assert.Equal("1.0.0", m.Version));
        var fileRequests = scenario.Requests.Where(r => r.Path.Contains("/files/")).GroupBy(r => r.Path);
        Assert.Equal(modules[0].FileCount, fileRequests.Count());
        Assert.All(fileRequests, g => Assert.Single(g));
    }

    [Fact]
    public async Task OfflineAnUncachedModuleFailsFastWithoutTouchingTheNetwork()
    {
        await using var scenario = await Scenario.CreateAsync(builds);
        using var summoner = new Summoner(new SummonOptions { Repository = scenario.Url, CacheDirectory = scenario.Cache, Offline = true });

        var error = await Assert.ThrowsAsync<RepositoryUnavailableException>(() => summoner.ImportAsync("acme.extra"));

        Assert.Contains("offline", error.Message);
        Assert.Contains("summon prefetch acme.extra", error.Message);
        Assert.Empty(scenario.Requests);
    }

    [Fact]
    public async Task AVersionRangeNothingSatisfiesNamesTheVersionsThereAre()
    {
        await using var scenario = await Scenario.CreateAsync(builds);
        using var summoner = SummonerFor(scenario);

        var error = await Assert.ThrowsAsync<ModuleNotFoundException>(() => summoner.PrefetchAsync("acme.extra@[3.0,4.0)"));

        Assert.Contains("Available: 1.0.0", error.Message);
    }
}
