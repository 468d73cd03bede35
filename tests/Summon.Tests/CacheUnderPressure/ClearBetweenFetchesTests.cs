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
