using NuGet.Versioning;
using Summon.Modules.Resolution;
using static Summon.Tests.Resolution.Solve;

namespace Summon.Tests.Resolution;

public class DependencySolverTests
{
    [Fact]
    public async Task ASimpleChainBringsInEveryModule()
    {
        var source = new InMemoryModuleSource()
            .Add("acme.pdf", "1.4.0", ("acme.fonts", "[3.0,4.0)"))
            .Add("acme.fonts", "3.1.0", ("acme.icu", "70.0"))
            .Add("acme.icu", "72.1.0");

        var resolution = await RunAsync(source, null, ("acme.pdf", "[1.2,2.0)"));

        Assert.Equal(new Dictionary<string, string> { ["acme.pdf"] = "1.4.0", ["acme.fonts"] = "3.1.0", ["acme.icu"] = "72.1.0" }, Chosen(resolution));
    }

    [Fact]
    public async Task ADiamondGetsOneVersionThatSatisfiesBothSides()
    {
        var source = new InMemoryModuleSource()
            .Add("left", "1.0.0", ("shared", "[1.0,3.0)"))
            .Add("right", "1.0.0", ("shared", "[2.0,4.0)"))
            .Add("shared", "1.0.0").Add("shared", "2.0.0").Add("shared", "2.5.0").Add("shared", "3.0.0");

        var resolution = await RunAsync(source, null, ("left", "1.0"), ("right", "1.0"));

        Assert.Equal("2.5.0", Chosen(resolution)["shared"]);
    }

    [Fact]
    public async Task TheNewestAllowedVersionIsChosen()
    {
        var source = new InMemoryModuleSource().Add("a", "1.0.0").Add("a", "1.9.0").Add("a", "1.10.0").Add("a", "2.0.0");

        var resolution = await RunAsync(source, null, ("a", "[1.0,2.0)"));

        Assert.Equal("1.10.0", Chosen(resolution)["a"]);
    }

    [Fact]
    public async Task ANewestVersionThatWouldConflictIsSkippedBeforeItIsChosen()
    {
        // PubGrub's "avoiding conflict during decision making".
        var source = new InMemoryModuleSource()
            .Add("foo", "1.0.0").Add("foo", "1.1.0", ("bar", "[2.0,3.0)"))
            .Add("bar", "1.0.0").Add("bar", "1.1.0").Add("bar", "2.0.0");

        var resolution = await RunAsync(source, null, ("foo", "[1.0,2.0)"), ("bar", "[1.0,2.0)"));

        Assert.Equal(new Dictionary<string, string> { ["foo"] = "1.0.0", ["bar"] = "1.1.0" }, Chosen(resolution));
    }

    [Fact]
    public async Task AConflictFoundAfterADecisionBacktracksToAnOlderVersion()
    {
        // PubGrub's "performing conflict resolution": foo 2.0.0 needs bar, and every bar rules out foo 2.
        var source = new InMemoryModuleSource()
            .Add("foo", "1.0.0").Add("foo", "2.0.0", ("bar", "[1.0,2.0)"))
            .Add("bar", "1.0.0", ("foo", "[1.0,2.0)"));

        var resolution = await RunAsync(source, null, ("foo", "1.0"));

        Assert.Equal(new Dictionary<string, string> { ["foo"] = "1.0.0" }, Chosen(resolution));
    }

    [Fact]
    public async Task AConflictWithAPartialSatisfierIsTracedThroughBothBranches()
    {
        // PubGrub's "conflict resolution with a partial satisfier": foo 1.1.0 needs target 1 only through left and right together.
        var source = new InMemoryModuleSource()
            .Add("foo", "1.0.0").Add("foo", "1.1.0", ("left", "[1.0,2.0)"), ("right", "[1.0,2.0)"))
            .Add("left", "1.0.0", ("shared", "1.0"))
            .Add("right", "1.0.0", ("shared", "(,2.0)"))
            .Add("shared", "2.0.0").Add("shared", "1.0.0", ("target", "[1.0,2.0)"))
            .Add("target", "2.0.0").Add("target", "1.0.0");

        var resolution = await RunAsync(source, null, ("foo", "[1.0,2.0)"), ("target", "[2.0,3.0)"));

        Assert.Equal(new Dictionary<string, string> { ["foo"] = "1.0.0", ["target"] = "2.0.0" }, Chosen(resolution));
    }

    [Fact]
    public async Task APrereleaseIsNotChosenForARangeThatNamesNone()
    {
        var source = new InMemoryModuleSource().Add("a", "1.0.0").Add("a", "1.1.0-beta.1");

        var resolution = await RunAsync(source, null, ("a", "1.0"));

        Assert.Equal("1.0.0", Chosen(resolution)["a"]);
    }

    [Fact]
    public async Task APrereleaseIsChosenWhenTheRangeNamesOne()
    {
        var source = new InMemoryModuleSource().Add("a", "1.0.0").Add("a", "1.1.0-beta.1");

        var resolution = await RunAsync(source, null, ("a", "1.1.0-alpha"));

        Assert.Equal("1.1.0-beta.1", Chosen(resolution)["a"]);
    }

    [Fact]
    public async Task AFloatingRangeStaysWithinItsPattern()
    {
        var source = new InMemoryModuleSource().Add("a", "1.2.0").Add("a", "1.9.0").Add("a", "2.0.0");

        var resolution = await RunAsync(source, null, ("a", "1.*"));

        Assert.Equal("1.9.0", Chosen(resolution)["a"]);
    }

    [Fact]
    public async Task ModulesMayDependOnEachOtherInACycle()
    {
        var source = new InMemoryModuleSource()
            .Add("a", "1.0.0", ("b", "1.0"))
            .Add("b", "1.0.0", ("a", "1.0"));

        var resolution = await RunAsync(source, null, ("a", "1.0"));

        Assert.Equal(new Dictionary<string, string> { ["a"] = "1.0.0", ["b"] = "1.0.0" }, Chosen(resolution));
    }

    [Fact]
    public async Task APreferredVersionIsKeptWhenTheRangesAllowIt()
    {
        var source = new InMemoryModuleSource().Add("a", "1.0.0").Add("a", "1.5.0").Add("a", "2.0.0");
        var options = new SolverOptions { PreferredVersions = new Dictionary<string, NuGetVersion> { ["a"] = NuGetVersion.Parse("1.5.0") } };

        var resolution = await RunAsync(source, options, ("a", "1.0"));

        Assert.Equal("1.5.0", Chosen(resolution)["a"]);
    }

    [Fact]
    public async Task APreferredVersionOutsideTheRangesGivesWayToTheNewest()
    {
        var source = new InMemoryModuleSource().Add("a", "1.0.0").Add("a", "1.5.0").Add("a", "2.0.0");
        var options = new SolverOptions { PreferredVersions = new Dictionary<string, NuGetVersion> { ["a"] = NuGetVersion.Parse("1.0.0") } };

        var resolution = await RunAsync(source, options, ("a", "1.5"));

        Assert.Equal("2.0.0", Chosen(resolution)["a"]);
    }

    [Fact]
    public async Task LockedModeChoosesExactlyTheLockedVersions()
    {
        var source = new InMemoryModuleSource()
            .Add("a", "1.0.0", ("b", "1.0")).Add("a", "1.5.0", ("b", "1.0"))
            .Add("b", "1.0.0").Add("b", "1.2.0");
        var options = new SolverOptions
        {
            LockedOnly = true,
            PreferredVersions = new Dictionary<string, NuGetVersion> { ["a"] = NuGetVersion.Parse("1.0.0"), ["b"] = NuGetVersion.Parse("1.0.0") },
        };

        var resolution = await RunAsync(source, options, ("a", "1.0"));

        Assert.Equal(new Dictionary<string, string> { ["a"] = "1.0.0", ["b"] = "1.0.0" }, Chosen(resolution));
    }

    [Fact]
    public async Task LockedModeRefusesAModuleTheLockDoesNotName()
    {
        var source = new InMemoryModuleSource().Add("a", "1.0.0", ("b", "1.0")).Add("b", "1.0.0");
        var options = new SolverOptions
        {
            LockedOnly = true,
            PreferredVersions = new Dictionary<string, NuGetVersion> { ["a"] = NuGetVersion.Parse("1.0.0") },
        };

        var message = await FailureAsync(source, options, ("a", "1.0"));

        Assert.Equal(
            """
            Because every version of a depends on b >=1.0.0 which the lock file does not name, a cannot be used.
            So, because the application requires a >=1.0.0, version solving failed.
            To resolve this: run `summon update` to move the lock file to versions that fit; or widen the application's range for a; or ask the publisher of a for a version whose dependencies fit.
            """, message.TrimEnd());
    }

    [Fact]
    public async Task LockedModeRefusesALockedVersionTheRangeNoLongerAllows()
    {
        var source = new InMemoryModuleSource().Add("a", "1.0.0").Add("a", "2.0.0");
        var options = new SolverOptions
        {
            LockedOnly = true,
            PreferredVersions = new Dictionary<string, NuGetVersion> { ["a"] = NuGetVersion.Parse("1.0.0") },
        };

        var message = await FailureAsync(source, options, ("a", "2.0"));

        Assert.Equal(
            """
            Because the application requires a >=2.0.0 which the lock file rules out (it pins 1.0.0), version solving failed.
            To resolve this: run `summon update` to move the lock file to versions that fit; or widen the application's range for a.
            """, message.TrimEnd());
    }

    [Fact]
    public async Task NoMatchingVersionIsExplained()
    {
        // PubGrub's no-versions case.
        var source = new InMemoryModuleSource().Add("foo", "1.0.0").Add("foo", "1.5.0");

        var message = await FailureAsync(source, null, ("foo", "2.0"));

        Assert.Equal(
            """
            Because the application requires foo >=2.0.0 which doesn't match any versions, version solving failed.
            To resolve this: widen the application's range for foo.
            """, message.TrimEnd());
    }

    [Fact]
    public async Task ALinearConflictIsExplainedAsOneChain()
    {
        // PubGrub's "linear error reporting".
        var source = new InMemoryModuleSource()
            .Add("foo", "1.0.0", ("bar", "[2.0,3.0)"))
            .Add("bar", "2.0.0", ("baz", "[3.0,4.0)"))
            .Add("baz", "1.0.0").Add("baz", "3.0.0");

        var message = await FailureAsync(source, null, ("foo", "[1.0,2.0)"), ("baz", "[1.0,2.0)"));

        Assert.Equal(
            """
            Because every version of foo depends on bar >=2.0.0 <3.0.0 which depends on baz >=3.0.0 <4.0.0, every version of foo requires baz >=3.0.0 <4.0.0.
            So, because the application requires both baz >=1.0.0 <2.0.0 and foo >=1.0.0 <2.0.0, version solving failed.
            To resolve this: widen the application's range for baz, foo; or ask the publisher of bar, foo for a version whose dependencies fit.
            """, message.TrimEnd());
    }

    [Fact]
    public async Task ABranchingConflictNumbersTheLineItRefersBackTo()
    {
        // PubGrub's "branching error reporting".
        var source = new InMemoryModuleSource()
            .Add("foo", "1.0.0", ("a", "[1.0,2.0)"), ("b", "[1.0,2.0)"))
            .Add("foo", "1.1.0", ("x", "[1.0,2.0)"), ("y", "[1.0,2.0)"))
            .Add("a", "1.0.0", ("b", "[2.0,3.0)"))
            .Add("b", "1.0.0").Add("b", "2.0.0")
            .Add("x", "1.0.0", ("y", "[2.0,3.0)"))
            .Add("y", "1.0.0").Add("y", "2.0.0");

        var message = await FailureAsync(source, null, ("foo", "[1.0,2.0)"));

        Assert.Equal(
            """
                Because foo <1.1.0 depends on a >=1.0.0 <2.0.0 which depends on b >=2.0.0 <3.0.0, foo <1.1.0 requires b >=2.0.0 <3.0.0.
            (1) So, because foo <1.1.0 depends on b >=1.0.0 <2.0.0, foo <1.1.0 cannot be used.

                Because foo >=1.1.0 depends on x >=1.0.0 <2.0.0 which depends on y >=2.0.0 <3.0.0, foo >=1.1.0 requires y >=2.0.0 <3.0.0.
                And because foo >=1.1.0 depends on y >=1.0.0 <2.0.0, foo >=1.1.0 cannot be used.
                And because foo <1.1.0 cannot be used (1), foo cannot be used.
                So, because the application requires foo >=1.0.0 <2.0.0, version solving failed.
            To resolve this: widen the application's range for foo; or ask the publisher of a, foo, x for a version whose dependencies fit.
            """, message.TrimEnd());
    }

    [Fact]
    public async Task ADependencyTheApplicationContradictsRulesOutTheVersionsThatHaveIt()
    {
        var source = new InMemoryModuleSource()
            .Add("acme.pdf", "1.0.0").Add("acme.pdf", "2.0.0", ("acme.fonts", "3.0")).Add("acme.pdf", "2.1.0", ("acme.fonts", "3.0"))
            .Add("acme.fonts", "2.0.0").Add("acme.fonts", "3.0.0");

        var message = await FailureAsync(source, null, ("acme.pdf", "2.0"), ("acme.fonts", "(,3.0)"));

        Assert.Equal(
            """
            Because acme.pdf >=2.0.0 depends on acme.fonts >=3.0.0 and the application requires acme.fonts <3.0.0, acme.pdf >=2.0.0 cannot be used.
            So, because the application requires acme.pdf >=2.0.0, version solving failed.
            To resolve this: widen the application's range for acme.fonts, acme.pdf; or ask the publisher of acme.pdf for a version whose dependencies fit.
            """, message.TrimEnd());
    }

    [Fact]
    public async Task AnUnknownModuleIsNamedAsMissingFromTheRepository()
    {
        var source = new InMemoryModuleSource().Add("acme.pdf", "1.0.0", ("acme.fnots", "1.0"));

        var message = await FailureAsync(source, null, ("acme.pdf", "1.0"));

        Assert.Equal(
            """
            Because every version of acme.pdf depends on acme.fnots >=1.0.0 which is not in the repository, acme.pdf cannot be used.
            So, because the application requires acme.pdf >=1.0.0, version solving failed.
            To resolve this: check the spelling of acme.fnots and that the repository publishes it; or widen the application's range for acme.pdf; or ask the publisher of acme.pdf for a version whose dependencies fit.
            """, message.TrimEnd());
    }

    [Fact]
    public async Task AModuleThatDependsOnItselfIsReportedAsSuch()
    {
        var source = new InMemoryModuleSource().Add("a", "1.0.0", ("a", "1.0"));

        var message = await FailureAsync(source, null, ("a", "1.0"));

        Assert.Equal(
            """
            Because the application requires a >=1.0.0 which depends on itself, version solving failed.
            To resolve this: widen the application's range for a; or ask the publisher of a for a version whose dependencies fit.
            """, message.TrimEnd());
    }

    [Fact]
    public async Task ASelfDependentVersionIsSkippedForAnOlderOne()
    {
        var source = new InMemoryModuleSource().Add("a", "1.0.0").Add("a", "1.1.0", ("a", "1.0"));

        var resolution = await RunAsync(source, null, ("a", "1.0"));

        Assert.Equal("1.0.0", Chosen(resolution)["a"]);
    }

    [Fact]
    public async Task TheStepCapStopsAHostileGraphWithAClearMessage()
    {
        // Every version of a needs a b that no version of c accepts, so the solver must try them all.
        var source = new InMemoryModuleSource();
        for (var i = 1; i <= 50; i++)
        {
            source.Add("a", $"{i}.0.0", ("b", $"[{i}.0,{i + 1}.0)"));
            source.Add("b", $"{i}.0.0", ("c", $"[{i}.0,{i + 1}.0)"));
            source.Add("c", $"{i}.0.0", ("a", $"[{i + 1}.0,{i + 2}.0)"));
        }

        var message = await FailureAsync(source, new SolverOptions { MaxSteps = 20 }, ("a", "1.0"));

        Assert.StartsWith("Version solving gave up after 20 steps", message);
        Assert.Contains("lock file", message);
    }

    [Fact]
    public async Task EachQuestionIsAskedOnce()
    {
        var source = new InMemoryModuleSource()
            .Add("foo", "1.0.0").Add("foo", "2.0.0", ("bar", "[1.0,2.0)"))
            .Add("bar", "1.0.0", ("foo", "[1.0,2.0)"));

        await RunAsync(source, null, ("foo", "1.0"));

        Assert.All(source.VersionQuestions.Values, count => Assert.Equal(1, count));
        Assert.All(source.DependencyQuestions.Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task WhyListsTheChainFromTheApplication()
    {
        var source = new InMemoryModuleSource()
            .Add("acme.pdf", "1.4.0", ("acme.fonts", "[3.0,4.0)"))
            .Add("acme.fonts", "3.1.0");

        var resolution = await RunAsync(source, null, ("acme.pdf", "[1.2,2.0)"));

        Assert.Equal(["the application requires acme.pdf [1.2,2.0)", "acme.pdf 1.4.0 depends on acme.fonts [3.0,4.0)"], resolution.Why("acme.fonts"));
        Assert.Empty(resolution.Why("acme.other"));
    }

    [Fact]
    public async Task ACancelledSolveStops()
    {
        var source = new InMemoryModuleSource().Add("a", "1.0.0");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => DependencySolver.SolveAsync(Requires(("a", "1.0")), source, new CancellationToken(canceled: true)));
    }
}
