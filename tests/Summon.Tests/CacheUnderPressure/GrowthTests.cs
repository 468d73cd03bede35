using Summon.Cache;

using Summon.Tests.EndToEnd;

namespace Summon.Tests.CacheUnderPressure;

public sealed class GrowthTests
{
    [Fact]
    public async Task A_load_records_use_at_most_once_a_day()
    {
        await using var world = await PressureWorld.CreateAsync();
        world.Publish("used.data", "1.0.0", 100);
        using var summoner = world.NewSummoner();
        await summoner.PrefetchAsync("used.data");
        var marker = Path.Combine(world.ModuleFolder("used.data", "1.0.0"), ".summon-used");
        await summoner.PrefetchAsync("used.data");
        Assert.True(File.Exists(marker));
        var hourAgo = DateTime.UtcNow.AddHours(-1);
        File.SetLastWriteTimeUtc(marker, hourAgo);

        await summoner.PrefetchAsync("used.data");
        Assert.Equal(hourAgo, File.GetLastWriteTimeUtc(marker));

        File.SetLastWriteTimeUtc(marker, DateTime.UtcNow.AddDays(-2));
        await summoner.PrefetchAsync("used.data");
        Assert.True(DateTime.UtcNow - File.GetLastWriteTimeUtc(marker) < TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task Prune_removes_versions_unused_for_longer_than_asked_and_keeps_the_rest()
    {
        await using var world = await PressureWorld.CreateAsync();
        world.Publish("old.data", "1.0.0", 100);
        world.Publish("old.data", "2.0.0", 100);
        Assert.Equal(0, (await world.RunCliAsync("prefetch", "old.data@[1.0.0]")).ExitCode);
        Assert.Equal(0, (await world.RunCliAsync("prefetch", "old.data@[2.0.0]")).ExitCode);
        MakeUnusedFor(world, "old.data", "1.0.0", TimeSpan.FromDays(40));
        MakeUnusedFor(world, "old.data", "2.0.0", TimeSpan.FromDays(3));

        var pruned = await world.RunCliAsync("cache", "prune", "--older-than", "30d");

        Assert.True(pruned.ExitCode == 0, pruned.Output);
        Assert.Contains("removed: old.data 1.0.0", pruned.StandardOutput);
        Assert.False(Directory.Exists(world.ModuleFolder("old.data", "1.0.0")));
        Assert.True(Directory.Exists(world.ModuleFolder("old.data", "2.0.0")));
    }

    [Fact]
    public async Task Prune_keeps_a_version_the_lock_file_names_and_one_whose_lock_is_held()
    {
        await using var world = await WorldCachingAsync("kept.data", "busy.data");
        MakeUnusedFor(world, "kept.data", "1.0.0", TimeSpan.FromDays(90));
        MakeUnusedFor(world, "busy.data", "1.0.0", TimeSpan.FromDays(90));
        var store = new ModuleStore(world.Cache);
        using var busy = store.TryLockEntry("busy.data", "1.0.0");

        var result = CachePruner.Prune(store, TimeSpan.FromDays(30), (id, version) => id == "kept.data" && version == "1.0.0");

        Assert.Empty(result.Removed);
        Assert.Equal(2, result.Kept);
    }

    [Fact]
    public async Task A_summoner_asked_to_prune_removes_versions_unused_for_longer_in_the_background()
    {
        await using var world = await WorldCachingAsync("old.data", "new.data");
        MakeUnusedFor(world, "old.data", "1.0.0", TimeSpan.FromDays(40));
        MakeUnusedFor(world, "new.data", "1.0.0", TimeSpan.FromDays(3));

        using (var pruning = world.NewSummoner(o => o.PruneUnusedAfter = TimeSpan.FromDays(30)))
        {
            await pruning.BackgroundPrune.WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.False(Directory.Exists(world.ModuleFolder("old.data", "1.0.0")));
        Assert.True(Directory.Exists(world.ModuleFolder("new.data", "1.0.0")));
    }

    [Fact]
    public async Task Automatic_pruning_runs_at_most_once_a_day_per_cache()
    {
        await using var world = await PressureWorld.CreateAsync();
        world.Publish("old.data", "1.0.0", 100);
        using (var summoner = world.NewSummoner(o => o.PruneUnusedAfter = TimeSpan.FromDays(30)))
        {
            await summoner.BackgroundPrune.WaitAsync(TimeSpan.FromSeconds(30));
            await summoner.PrefetchAsync("old.data");
        }
        MakeUnusedFor(world, "old.data", "1.0.0", TimeSpan.FromDays(40));

        using (var second = world.NewSummoner(o => o.PruneUnusedAfter = TimeSpan.FromDays(30)))
        {
            await second.BackgroundPrune.WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.True(Directory.Exists(world.ModuleFolder("old.data", "1.0.0")));
    }

    [Fact]
    public async Task Prune_rejects_an_age_it_cannot_read()
    {
        using var folder = new TempDirectory("prune-");
        var result = await Cli.RunAsync("cache", "prune", "--older-than", "soon", "--cache-dir", folder.Combine("cache"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("30d", result.StandardError);
    }

    /// <summary>A world whose cache holds each of these modules at 1.0.0, fetched by a summoner that is gone.</summary>
    private static async Task<PressureWorld> WorldCachingAsync(params string[] ids)
    {
        var world = await PressureWorld.CreateAsync();
        try
        {
            foreach (var id in ids)
            {
                world.Publish(id, "1.0.0", 100);
            }
            using var summoner = world.NewSummoner();
            foreach (var id in ids)
            {
                await summoner.PrefetchAsync(id);
            }
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    private static void MakeUnusedFor(PressureWorld world, string id, string version, TimeSpan age)
    {
        var folder = world.ModuleFolder(id, version);
        var marker = Path.Combine(folder, ".summon-used");
        File.WriteAllText(marker, "");
        File.SetLastWriteTimeUtc(marker, DateTime.UtcNow - age);
    }
}
