using System.Diagnostics;
using NuGet.Versioning;
using Summon.Modules.Resolution;

namespace Summon.Benchmarks;

/// <summary>solve: the PubGrub solver alone, against graphs held in memory, so the figure is the solver's and not the network's.</summary>
internal static class Solve
{
    public static async Task RunAsync(bool quick)
    {
        var runs = quick ? 5 : 15;
        var solve = new List<double>();
        var explain = new List<double>();
        string? message = null;
        // One untimed round first: the figure is the solver's work, not the JIT's.
        for (var i = 0; i < runs + 1; i++)
        {
            var (source, requirements) = Graph(1000, seed: 42);
            var clock = Stopwatch.StartNew();
            var resolution = await DependencySolver.SolveAsync(requirements, source, CancellationToken.None);
            var t = clock.Elapsed.TotalMilliseconds;
            if (resolution.Versions.Count < 1000)
            {
                throw new InvalidOperationException($"the 1 000-module graph resolved only {resolution.Versions.Count} modules");
            }
            var (deep, deepRequirements) = DeepConflict(1000);
            clock.Restart();
            try
            {
                await DependencySolver.SolveAsync(deepRequirements, deep, CancellationToken.None);
                throw new InvalidOperationException("the deep conflict solved");
            }
            catch (DependencyConflictException e)
            {
                message = e.Message;
            }
            var u = clock.Elapsed.TotalMilliseconds;
            if (i > 0)
            {
                solve.Add(t);
                explain.Add(u);
            }
        }
        Log.Write($"solve: deep conflict explanation is {message!.Split('\n').Length} lines");
        var s = Stats.Median(solve);
        var e2 = Stats.Median(explain);
        Figure.Print("solve-1000", Figure.Ms(s), "none", "none", "<50ms", s < 50);
        Figure.Print("solve-deep-conflict", Figure.Ms(e2), "none", "none", "<1000ms", e2 < 1000);
    }

    public static async Task<int> LoopAsync(int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            var (source, requirements) = Graph(1000, seed: 42);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await DependencySolver.SolveAsync(requirements, source, CancellationToken.None);
            Console.WriteLine($"{clock.Elapsed.TotalMilliseconds:0.0} ms, cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:0.0} ms");
        }
        return 0;
    }

    /// <summary>
    /// Modules m0000…m0999, each at 1.0.0, 1.1.0 and 2.0.0; m(i) depends on m(i+1) and up to two later modules
    /// with ranges that sometimes exclude 2.0.0, so newest-first has to back off (1.1.0 everywhere always works).
    /// </summary>
    public static (Source, Dictionary<string, VersionRange>) Graph(int count, int seed)
    {
        var random = new Random(seed);
        var source = new Source();
        string M(int i) => $"m{i:D4}";
        string[] ranges = ["[1.0,3.0)", "[1.0,2.0)", "[1.1,3.0)", "[1.0,3.0)"];
        for (var i = 0; i < count; i++)
        {
            foreach (var v in new[] { "1.0.0", "1.1.0", "2.0.0" })
            {
                var deps = new Dictionary<string, VersionRange>();
                if (i + 1 < count)
                {
                    deps[M(i + 1)] = VersionRange.Parse(ranges[random.Next(ranges.Length)]);
                    for (var k = 0; k < 2; k++)
                    {
                        var j = random.Next(i + 1, Math.Min(count, i + 50));
                        deps[M(j)] = VersionRange.Parse(ranges[random.Next(ranges.Length)]);
                    }
                }
                source.Add(M(i), v, deps);
            }
        }
        return (source, new Dictionary<string, VersionRange> { [M(0)] = VersionRange.Parse("[1.0,3.0)") });
    }

    /// <summary>
    /// A chain c0 → c1 → … where each 2.x needs the next 2.x and each 1.x the next 1.x, and the last module needs
    /// a z the application rules out in both lines: the solver must learn its way back up the whole chain.
    /// </summary>
    public static (Source, Dictionary<string, VersionRange>) DeepConflict(int depth)
    {
        var source = new Source();
        string C(int i) => $"c{i:D4}";
        for (var i = 0; i < depth - 1; i++)
        {
            source.Add(C(i), "1.0.0", new() { [C(i + 1)] = VersionRange.Parse("[1.0,2.0)") });
            source.Add(C(i), "2.0.0", new() { [C(i + 1)] = VersionRange.Parse("[2.0,3.0)") });
        }
        source.Add(C(depth - 1), "1.0.0", new() { ["z"] = VersionRange.Parse("2.0") });
        source.Add(C(depth - 1), "2.0.0", new() { ["z"] = VersionRange.Parse("3.0") });
        source.Add("z", "1.0.0", []).Add("z", "2.0.0", []).Add("z", "3.0.0", []);
        return (source, new Dictionary<string, VersionRange> { [C(0)] = VersionRange.Parse("1.0"), ["z"] = VersionRange.Parse("(,2.0)") });
    }

    internal sealed class Source : IModuleVersionSource
    {
        private readonly Dictionary<string, Dictionary<NuGetVersion, Dictionary<string, VersionRange>>> modules = [];

        public Source Add(string module, string version, Dictionary<string, VersionRange> dependencies)
        {
            if (!modules.TryGetValue(module, out var versions))
            {
                modules[module] = versions = [];
            }
            versions[NuGetVersion.Parse(version)] = dependencies;
            return this;
        }

        public Task<IReadOnlyList<NuGetVersion>> GetVersionsAsync(string moduleId, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<NuGetVersion>>(modules.TryGetValue(moduleId, out var v) ? [.. v.Keys] : []);

        public Task<IReadOnlyDictionary<string, VersionRange>> GetDependenciesAsync(string moduleId, NuGetVersion version, CancellationToken ct) =>
            Task.FromResult<IReadOnlyDictionary<string, VersionRange>>(modules[moduleId][version]);
    }
}
