namespace Summon.Tests.Configuration;

public class UnconfiguredHookTests
{
    [Fact]
    public void WithoutARepositoryAMissingAssemblyIsLeftToTheRuntimeRatherThanRaisingAConfigurationError()
    {
        using var cache = new TempDirectory();
        using var summoner = new Summoner(new SummonOptions { CacheDirectory = cache.Path, Freshness = FreshnessPolicy.Never });

        Assert.Null(summoner.LocateAssembly("Some.Optional.Plugin"));
    }
}
