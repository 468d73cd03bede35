using System.Runtime.CompilerServices;

namespace Summon.Tests.EndToEnd;

/// <summary>Modules in load contexts of their own: side by side, and unloadable.</summary>
[Collection(EndToEndCollection.Name)]
public class IsolationTests(SampleBuildFixture builds)
{
    private static async Task<(Scenario Scenario, Summoner Summoner)> BothVersionsAsync(SampleBuildFixture builds)
    {
        var scenario = await Scenario.CreateAsync(builds);
        scenario.PublishVersion2();
        var summoner = new Summoner(new SummonOptions
        {
            Repository = scenario.Url,
            TrustedRootPath = Path.Combine(scenario.Host, "root.json"),
            CacheDirectory = scenario.Cache,
            Freshness = FreshnessPolicy.Never,
        });
        return (scenario, summoner);
    }

    private static string Greet(ModuleHandle module) =>
        (string)module.Assembly!.GetType("Acme.Extra.Greeter")!.GetMethod("Hello")!.Invoke(null, ["side"])!;

    [Fact]
    public async Task TwoVersionsOfOneModuleRunSideBySide()
    {
        var (scenario, summoner) = await BothVersionsAsync(builds);
        await using var _ = scenario;
        using var __ = summoner;

        var one = await summoner.ImportIsolatedAsync("acme.extra@[1.0.0]");
        var two = await summoner.ImportIsolatedAsync("acme.extra@[2.0.0]");

        Assert.Contains("Acme.Extra 1.0.0", Greet(one));
        Assert.Contains("Acme.Extra 2.0.0", Greet(two));
        Assert.True(one.IsIsolated && two.IsIsolated);
        one.Unload();
        two.Unload();
    }

    [Fact]
    public async Task AnIsolatedModuleCanBeUnloaded()
    {
        var (scenario, summoner) = await BothVersionsAsync(builds);
        await using var _ = scenario;
        using var __ = summoner;

        var context = await LoadUseAndUnloadAsync(summoner);
        for (var attempt = 0; attempt < 20 && context.IsAlive; attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(context.IsAlive);
    }

    // Kept apart so no reference to the module's types outlives this frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> LoadUseAndUnloadAsync(Summoner summoner)
    {
        var module = await summoner.ImportIsolatedAsync("acme.extra@[1.0.0]");
        Assert.Contains("1.0.0", Greet(module));
        var context = new WeakReference(System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(module.Assembly!));
        module.Unload();
        return context;
    }
}
