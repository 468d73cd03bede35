using NuGet.Versioning;
using Summon.Modules.Resolution;
using static Summon.Tests.Resolution.Solve;

namespace Summon.Tests.Resolution;

/// <summary>
/// A first import asks for one module; when the version chosen for it depends on nothing, the solver decides it
/// without its search. The answer must be the search's: the same module required beside an unrelated one (which
/// goes through the search) gets the same version, and the reasons given for it are the same.
/// </summary>
public class LoneRequirementTests
{
    [Theory]
    [InlineData("[1.0,2.0)", null)]
    [InlineData("1.0", null)]
    [InlineData("[1.0,1.9.0]", null)]
    [InlineData("[1.0,3.0)", "1.5.0")]
    [InlineData("[1.0,3.0)", "2.5.0")]
    [InlineData("[1.0,3.0)", "1.7.0")]
    [InlineData("[2.1.0-rc.1,3.0)", null)]
    [InlineData("[1.0,2.1.0-rc.1]", null)]
    public async Task ALoneModuleThatDependsOnNothingGetsTheVersionTheSearchGivesIt(string range, string? preferred)
    {
        var source = new InMemoryModuleSource()
            .Add("a", "1.0.0").Add("a", "1.5.0").Add("a", "1.9.0").Add("a", "2.1.0-rc.1").Add("a", "2.5.0")
            .Add("unrelated", "1.0.0");
        var options = preferred is null ? null : new SolverOptions { PreferredVersions = new Dictionary<string, NuGetVersion> { ["a"] = NuGetVersion.Parse(preferred) } };

        var alone = await RunAsync(source, options, ("a", range));
        var searched = await RunAsync(source, options, ("a", range), ("unrelated", "1.0"));

        Assert.Equal(Chosen(searched)["a"], Chosen(alone)["a"]);
        Assert.Equal(searched.Why("a"), alone.Why("a"));
    }

    [Fact]
    public async Task ALoneModuleWithDependenciesStillBringsThemIn()
    {
        var source = new InMemoryModuleSource().Add("a", "1.0.0").Add("a", "2.0.0", ("b", "[1.0,2.0)")).Add("b", "1.2.0");

        var resolution = await RunAsync(source, null, ("a", "[1.0,3.0)"));

        Assert.Equal(new Dictionary<string, string> { ["a"] = "2.0.0", ["b"] = "1.2.0" }, Chosen(resolution));
    }

    [Fact]
    public async Task ALoneModuleWithNoAllowedVersionStillFailsWithAnExplanation()
    {
        var source = new InMemoryModuleSource().Add("a", "1.0.0").Add("a", "2.0.0");

        var alone = await FailureAsync(source, null, ("a", "[3.0,4.0)"));

        Assert.Contains("a", alone, StringComparison.Ordinal);
        Assert.Contains("3.0", alone, StringComparison.Ordinal);
    }
}
