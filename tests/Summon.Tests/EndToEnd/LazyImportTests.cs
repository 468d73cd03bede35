namespace Summon.Tests.EndToEnd;

/// <summary>A real application process, shipped without its module, against a real repository on 127.0.0.1.</summary>
[Collection(EndToEndCollection.Name)]
public class LazyImportTests(SampleBuildFixture builds)
{
    [Fact]
    public async Task TheFirstRunFetchesTheModuleAndTheApplicationWorks()
    {
        await using var scenario = await Scenario.CreateAsync(builds);

        var run = await scenario.RunHostAsync();

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("Hello, world, from Acme.Extra 1.0.0", run.StandardOutput);
        Assert.Contains(scenario.Requests, r => r.Path.EndsWith(".Acme.Extra.dll") && r.StatusCode == 200);
        Assert.Equal("1.0.0", Assert.Single(scenario.CachedModules()).Version);
    }

    [Fact]
    public async Task TheSecondRunLoadsFromTheCacheWithoutASingleRequest()
    {
        await using var scenario = await Scenario.CreateAsync(builds);
        await scenario.RunHostAsync();
        scenario.Requests.Clear();

        var run = await scenario.RunHostAsync();

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("from Acme.Extra 1.0.0", run.StandardOutput);
        Assert.Empty(scenario.Requests);
    }

    [Fact]
    public async Task AfterCacheClearTheNextRunFetchesAgain()
    {
        await using var scenario = await Scenario.CreateAsync(builds);
        await scenario.RunHostAsync();

        var clear = await scenario.RunCliAsync("cache", "clear");
        scenario.Requests.Clear();
        var run = await scenario.RunHostAsync();

        Assert.True(clear.ExitCode == 0, clear.Output);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains(scenario.Requests, r => r.Path.EndsWith(".Acme.Extra.dll"));
    }

    [Fact]
    public async Task AfterANewerVersionIsPublishedUpdateMakesTheNextRunLoadIt()
    {
        await using var scenario = await Scenario.CreateAsync(builds);
        await scenario.RunHostAsync();
        scenario.PublishVersion2();

        var update = await scenario.RunCliAsync("update");
        var run = await scenario.RunHostAsync();

        Assert.True(update.ExitCode == 0, update.Output);
        Assert.Contains("acme.extra: 1.0.0 -> 2.0.0", update.StandardOutput);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("from Acme.Extra 2.0.0", run.StandardOutput);
    }

    [Fact]
    public async Task AFileChangedOnTheServerAfterSigningIsRefusedAndNothingIsCached()
    {
        await using var scenario = await Scenario.CreateAsync(builds);
        var served = Directory.EnumerateFiles(Path.Combine(scenario.Repository, "targets"), "*.Acme.Extra.dll", SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(served);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(served, bytes);

        var run = await scenario.RunHostAsync();

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("ModuleVerificationException", run.StandardError);
        Assert.Contains("acme.extra", run.StandardError);
        Assert.Contains("Acme.Extra.dll", run.StandardError);
        Assert.Empty(scenario.CachedModules());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(scenario.Cache, "v1", "staging"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task WithTheServerStoppedACachedModuleStillLoads()
    {
        await using var scenario = await Scenario.CreateAsync(builds);
        await scenario.RunHostAsync();
        await scenario.StopServerAsync();

        var run = await scenario.RunHostAsync();

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("from Acme.Extra 1.0.0", run.StandardOutput);
    }

    [GlibcFact]
    public async Task TheRunAfterTheFetchIsAWarmStartThatReadsNoInstallRecord()
    {
        await using var scenario = await Scenario.CreateAsync(builds);
        await scenario.RunHostAsync();
        await scenario.StopServerAsync();
        // Damaged in place, so no stamp the record keeps changes: only a load that reads the install record notices.
        var installRecord = Directory.EnumerateFiles(Path.Combine(scenario.Cache, "v1", "modules"), ".summon-install", SearchOption.AllDirectories).Single();
        using (var stream = new FileStream(installRecord, FileMode.Open, FileAccess.Write))
        {
            stream.Write("damaged"u8);
        }

        var run = await scenario.RunHostAsync();

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("from Acme.Extra 1.0.0", run.StandardOutput);
    }

    [Fact]
    public async Task AfterAWarmStartUpdateStillMakesTheNextRunLoadTheNewVersion()
    {
        await using var scenario = await Scenario.CreateAsync(builds);
        await scenario.RunHostAsync();
        await scenario.RunHostAsync();
        scenario.PublishVersion2();

        var update = await scenario.RunCliAsync("update");
        var run = await scenario.RunHostAsync();

        Assert.True(update.ExitCode == 0, update.Output);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("from Acme.Extra 2.0.0", run.StandardOutput);
    }

    [Fact]
    public async Task WithTheServerStoppedAnUncachedModuleFailsWithAnErrorThatSaysWhatToDo()
    {
        await using var scenario = await Scenario.CreateAsync(builds);
        await scenario.StopServerAsync();

        var run = await scenario.RunHostAsync();

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("RepositoryUnavailableException", run.StandardError);
        Assert.Contains("Acme.Extra", run.StandardError);
        Assert.Contains(scenario.Url.ToString(), run.StandardError);
        Assert.Contains("summon prefetch", run.StandardError);
    }
}
