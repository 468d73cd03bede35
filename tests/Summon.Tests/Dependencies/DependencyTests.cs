namespace Summon.Tests.Dependencies;

/// <summary>Modules that depend on modules, solved and installed whole, against a real repository.</summary>
public class DependencyTests
{
    [Fact]
    public async Task ImportingAModuleInstallsItsWholeDependencyClosure()
    {
        await using var world = await RepositoryWorld.CreateAsync();
        world.Publish("acme.fonts", "3.1.0");
        world.Publish("acme.core", "1.2.0", ("acme.fonts", "[3.0,4.0)"));
        world.Publish("acme.pdf", "1.4.0", ("acme.core", "[1.0,2.0)"));
        using var summoner = world.NewSummoner();

        await summoner.ImportAsync("acme.pdf");

        Assert.Equal(["acme.core 1.2.0", "acme.fonts 3.1.0", "acme.pdf 1.4.0"], summoner.ListCached().Select(m => m.ToString()).Order());
    }

    [Fact]
    public async Task TheNewestVersionsThatFitTogetherAreChosen()
    {
        await using var world = await RepositoryWorld.CreateAsync();
        world.Publish("acme.fonts", "2.0.0");
        world.Publish("acme.fonts", "3.0.0");
        world.Publish("acme.pdf", "1.0.0", ("acme.fonts", "[2.0,3.0)"));
        world.Publish("acme.pdf", "2.0.0", ("acme.fonts", "[3.0,4.0)"));
        using var summoner = world.NewSummoner();

        await summoner.ImportAsync("acme.pdf@[1.0,2.0)");

        Assert.Equal(["acme.fonts 2.0.0", "acme.pdf 1.0.0"], summoner.ListCached().Select(m => m.ToString()).Order());
    }

    [Fact]
    public async Task AConflictIsExplainedInSentences()
    {
        await using var world = await RepositoryWorld.CreateAsync();
        world.Publish("acme.fonts", "2.0.0");
        world.Publish("acme.pdf", "2.0.0", ("acme.fonts", "[3.0,4.0)"));
        using var summoner = world.NewSummoner();

        var error = await Assert.ThrowsAsync<DependencyConflictException>(() => summoner.ImportAsync("acme.pdf"));

        Assert.Contains("acme.pdf", error.Message);
        Assert.Contains("acme.fonts", error.Message);
        Assert.Contains("Because", error.Message);
        Assert.Empty(summoner.ListCached());
    }

    [Fact]
    public async Task WhyNamesTheChainOfRequirements()
    {
        await using var world = await RepositoryWorld.CreateAsync();
        world.Publish("acme.fonts", "3.1.0");
        world.Publish("acme.pdf", "1.4.0", ("acme.fonts", "[3.0,4.0)"));
        using var summoner = world.NewSummoner();
        await summoner.PrefetchAsync("acme.pdf");

        var chain = await summoner.WhyAsync("acme.fonts", CancellationToken.None);

        Assert.Equal(2, chain.Count);
        Assert.Contains("acme.pdf", chain[0]);
        Assert.Contains("acme.pdf 1.4.0 depends on acme.fonts", chain[1]);
    }
}
