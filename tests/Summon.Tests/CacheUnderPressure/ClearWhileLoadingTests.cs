namespace Summon.Tests.CacheUnderPressure;

public sealed class ClearWhileLoadingTests
{
    [Fact]
    public async Task Clearing_the_cache_while_other_processes_load_from_it_breaks_none_of_them()
    {
        await using var world = await PressureWorld.CreateAsync();
        world.Publish("busy.data", "1.0.0", 400_000, 400_000);

        for (var round = 0; round < 4; round++)
        {
            Assert.Equal(0, (await world.RunCliAsync("prefetch", "busy.data")).ExitCode);
            // Each load either finds the old tree (and finishes with it) or finds it gone and fetches again.
            var loads = Enumerable.Range(0, 3).Select(_ => world.RunCliAsync("prefetch", "busy.data")).ToList();
            var clear = world.RunCliAsync("cache", "clear");

            var results = await Task.WhenAll(loads.Append(clear));

            Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Output));
        }
        Assert.Equal(0, (await world.RunCliAsync("prefetch", "busy.data")).ExitCode);
        var verified = await world.RunCliAsync("cache", "verify");
        Assert.True(verified.ExitCode == 0, verified.Output);
    }
}
