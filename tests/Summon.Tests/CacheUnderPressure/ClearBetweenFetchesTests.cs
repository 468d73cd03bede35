using Summon.FaultInjection;
using Summon.Tests.Dependencies;

namespace Summon.Tests.CacheUnderPressure;

/// <summary>A cache cleared by someone else while a summoner lives: its next fetch starts again from the trusted root.</summary>
public class ClearBetweenFetchesTests
{
    [Fact]
    public async Task AFetchAfterAnotherProcessClearedTheCacheSucceeds()
    {
        await using var world = await RepositoryWorld.CreateAsync();
        world.Publish("acme.pdf", "1.0.0");
        world.Publish("acme.zip", "1.0.0");
        using var running = world.NewSummoner();
        await running.PrefetchAsync("acme.pdf");

        using (var other = world.NewSummoner())
        {
            other.ClearCache();
        }
        var fetched = await running.PrefetchAsync("acme.zip");

        Assert.Equal("1.0.0", fetched.Version);
        Assert.Equal(["acme.zip 1.0.0"], running.ListCached().Select(m => m.ToString()));
    }
}

/// <summary>A cache cleared while a fetch is in flight: the fetch starts again instead of failing.</summary>
public class ClearDuringFetchTests
{
    [Fact]
    public async Task AFetchInFlightWhenTheCacheIsClearedStillSucceeds()
    {
        await using var world = await PressureWorld.CreateAsync(faultServer: true);
        world.Publish("large.model", "1.0.0", 1_000_000);
        world.Faults.Inject("targets/modules/**", FaultSpec.Parse("drip=500000"));
        using var fetching = world.NewSummoner();

        var fetch = fetching.PrefetchAsync("large.model");
        for (var wait = 0; wait < 100 && !Directory.Exists(Path.Combine(world.Cache, "v1", "staging")); wait++)
        {
            await Task.Delay(50);
        }
        using (var other = world.NewSummoner())
        {
            other.ClearCache();
        }
        var module = await fetch;

        Assert.Equal("1.0.0", module.Version);
        Assert.True(fetching.ListCached().Single().Directory == module.Directory);
    }

    [Fact]
    public async Task ProgressAcrossTheRestartedFetchNeverShowsMoreReceivedThanPlanned()
    {
        await using var world = await PressureWorld.CreateAsync(faultServer: true);
        world.Publish("large.model", "1.0.0", 1_000_000);
        world.Faults.Inject("targets/modules/**", FaultSpec.Parse("drip=500000"));
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var fetching = world.NewSummoner(o => o.Log = log.Enqueue);
        var progress = new Summon.Tests.Diagnostics.RecordedProgress();

        var fetch = fetching.PrefetchAsync("large.model", includeLazyFiles: false, progress);
        for (var wait = 0; wait < 100 && !progress.Reports.Any(r => r.BytesReceived > 0); wait++)
        {
            await Task.Delay(50);
        }
        using (var other = world.NewSummoner())
        {
            other.ClearCache();
        }
        await fetch;

        Assert.Contains(log, line => line.Contains("installing it again", StringComparison.Ordinal));
        Assert.All(progress.Reports, r => Assert.True(r.BytesReceived <= r.BytesTotal && r.FilesCompleted <= r.FilesTotal, $"{r.BytesReceived}/{r.BytesTotal} bytes, {r.FilesCompleted}/{r.FilesTotal} files"));
        Assert.Equal(progress.Reports.Last().BytesTotal, progress.Reports.Last().BytesReceived);
    }
}
