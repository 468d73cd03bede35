using System.Diagnostics;
using NuGet.Versioning;
using Summon.Modules.Resolution;
using Xunit.Abstractions;

namespace Summon.Tests.Resolution;

public class LargeGraphTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1, 0.05)]
    [InlineData(2, 0.05)]
    [InlineData(1, 1.0)]
    public async Task AThousandModuleGraphSolvesToAValidAssignment(int seed, double tangle)
    {
        var (source, requirements) = RandomRepositories.Satisfiable(1000, seed, tangle);

        var resolution = await DependencySolver.SolveAsync(requirements, source, CancellationToken.None);

        RandomRepositories.AssertValid(resolution, requirements, source);
    }

    [Fact]
    public async Task ADeepConflictIsExplainedDownTheWholeChain()
    {
        var (source, requirements) = SolverBenchmark.DeepConflict(300);

        var error = await Assert.ThrowsAsync<DependencyConflictException>(() => DependencySolver.SolveAsync(requirements, source, CancellationToken.None));

        Assert.Contains("c0299", error.Message);
        Assert.EndsWith("version solving failed.", error.Message.Split('\n')[^2]);
    }

    // Reports times for issue 7's solve figure; never asserted, since the machine is shared.
    [Fact]
    public async Task TheBenchmarkReportsItsTimes()
    {
        var (solve, tangled, explain) = await SolverBenchmark.MeasureAsync(repetitions: 3);
        output.WriteLine($"solve 1000 modules: {solve.TotalMilliseconds:F1} ms (fully tangled: {tangled.TotalMilliseconds:F1} ms); "
            + $"explain a 1000-deep conflict: {explain.TotalMilliseconds:F1} ms");
        Assert.True(solve > TimeSpan.Zero && tangled > TimeSpan.Zero && explain > TimeSpan.Zero);
    }
}

/// <summary>The solve figure of issue 7, measured without a console so a benchmark harness can call it.</summary>
internal static class SolverBenchmark
{
    /// <summary>
    /// The best of <paramref name="repetitions"/> runs of: solving a 1 000-module graph shaped like a real repository
    /// (newest versions mostly fit together), solving a fully tangled one (every range random, a stress test), and
    /// failing, explanation included, on a 1 000-deep conflict.
    /// </summary>
    public static async Task<(TimeSpan Solve, TimeSpan Tangled, TimeSpan Explain)> MeasureAsync(int repetitions = 5)
    {
        var solve = TimeSpan.MaxValue;
        var tangled = TimeSpan.MaxValue;
        var explain = TimeSpan.MaxValue;
        for (var i = 0; i < repetitions; i++)
        {
            solve = Min(solve, await TimeAsync(RandomRepositories.Satisfiable(1000, seed: 42, tangle: 0.05)));
            tangled = Min(tangled, await TimeAsync(RandomRepositories.Satisfiable(1000, seed: 42, tangle: 1.0)));
            explain = Min(explain, await TimeAsync(DeepConflict(1000)));
        }
        return (solve, tangled, explain);

        static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
    }

    private static async Task<TimeSpan> TimeAsync((InMemoryModuleSource Source, Dictionary<string, VersionRange> Requirements) graph)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await DependencySolver.SolveAsync(graph.Requirements, graph.Source, CancellationToken.None);
        }
        catch (DependencyConflictException error)
        {
            // The explanation is written when the exception is made; reading it keeps that honest.
            _ = error.Message.Length;
        }
        return clock.Elapsed;
    }

    /// <summary>
    /// A chain c0 → c1 → … where each module's 2.x line needs the next one's 2.x and its 1.x line the next one's
    /// 1.x, and the last module needs a version of z the application rules out in both lines: the solver has to
    /// learn its way back up the whole chain.
    /// </summary>
    public static (InMemoryModuleSource Source, Dictionary<string, VersionRange> Requirements) DeepConflict(int depth)
    {
        var source = new InMemoryModuleSource();
        string C(int i) => $"c{i:D4}";
        for (var i = 0; i < depth - 1; i++)
        {
            source.Add(C(i), "1.0.0", (C(i + 1), "[1.0,2.0)"));
            source.Add(C(i), "2.0.0", (C(i + 1), "[2.0,3.0)"));
        }
        source.Add(C(depth - 1), "1.0.0", ("z", "2.0"));
        source.Add(C(depth - 1), "2.0.0", ("z", "3.0"));
        source.Add("z", "1.0.0").Add("z", "2.0.0").Add("z", "3.0.0");
        var requirements = new Dictionary<string, VersionRange> { [C(0)] = VersionRange.Parse("1.0"), ["z"] = VersionRange.Parse("(,2.0)") };
        return (source, requirements);
    }
}
