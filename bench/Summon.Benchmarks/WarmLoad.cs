using System.Diagnostics;
using System.Runtime.Loader;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Summon.Benchmarks;

/// <summary>
/// warm-load, in-process with BenchmarkDotNet. Every invocation uses a new load context (and Summon a new
/// <see cref="Summoner"/>), so "cached" means on disk, not already loaded. Summon goes through
/// <see cref="Summoner.ImportIsolatedAsync(string, CancellationToken)"/> because <see cref="Summoner.ImportAsync(string, CancellationToken)"/> loads into the default
/// context, where a second load of the same file in one process is just a lookup; both paths share the cache check.
/// </summary>
public class WarmLoadBenchmarks
{
    private SummonOptions options = null!;
    private string dll = null!;

    [GlobalSetup]
    public void Setup()
    {
        dll = Environment.GetEnvironmentVariable("BENCH_DLL")!;
        options = new SummonOptions
        {
            Repository = new Uri(Environment.GetEnvironmentVariable("BENCH_URL")!),
            TrustedRootPath = Environment.GetEnvironmentVariable("BENCH_ROOT"),
            CacheDirectory = Environment.GetEnvironmentVariable("BENCH_CACHE"),
            Freshness = FreshnessPolicy.Never,
        };
    }

    [Benchmark(Baseline = true)]
    public void LoadFromAssemblyPath()
    {
        var context = new AssemblyLoadContext("baseline", isCollectible: true);
        _ = context.LoadFromAssemblyPath(dll);
        context.Unload();
    }

    [Benchmark]
    public void SummonImport()
    {
        using var summoner = new Summoner(options);
        var module = summoner.ImportIsolatedAsync("bench.mod0").GetAwaiter().GetResult();
        module.Unload();
    }
}

internal static class WarmLoad
{
    public static async Task RunAsync(Workspace w)
    {
        var cache = w.FreshCache("warm-load");
        using (var summoner = new Summoner(w.Options(cache)))
        {
            await summoner.PrefetchAsync("bench.mod0");
        }
        var cachedDll = Directory.GetFiles(cache, "Bench.Mod0.dll", SearchOption.AllDirectories).Single();
        Log.Write($"warm-load: {new FileInfo(cachedDll).Length} bytes, cached at {cachedDll}");
        Environment.SetEnvironmentVariable("BENCH_DLL", cachedDll);
        Environment.SetEnvironmentVariable("BENCH_URL", w.Url.ToString());
        Environment.SetEnvironmentVariable("BENCH_ROOT", w.TrustedRoot);
        Environment.SetEnvironmentVariable("BENCH_CACHE", cache);

        // In-process toolchain: no per-benchmark project to generate and build, which would cost minutes here.
        var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(w.Quick ? 3 : 6).WithIterationCount(w.Quick ? 5 : 15).WithLaunchCount(1);
        var config = ManualConfig.CreateEmpty().AddJob(job).AddLogger(new StderrLogger())
            .AddColumnProvider(BenchmarkDotNet.Columns.DefaultColumnProviders.Instance)
            .WithArtifactsPath(Path.Combine(w.Root, "..", "results", "bdn"));
        var summary = BenchmarkRunner.Run<WarmLoadBenchmarks>(config);
        double Median(string method) => summary.Reports.Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method).ResultStatistics!.Median / 1e6;
        var (bdnBaseline, bdnSummon) = (Median(nameof(WarmLoadBenchmarks.LoadFromAssemblyPath)), Median(nameof(WarmLoadBenchmarks.SummonImport)));
        Log.Write($"warm-load: BenchmarkDotNet medians, one method after the other: summon {Figure.Ms(bdnSummon)} baseline {Figure.Ms(bdnBaseline)} ratio {Figure.R(bdnSummon / bdnBaseline)}");

        // The figure itself from the same two operations interleaved: BenchmarkDotNet runs one method's iterations and
        // then the other's, so a busy spell on this shared machine during one of them moved the ratio by a third.
        var paired = Interleave(w.Quick ? 100 : 300);
        Log.Write($"warm-load: interleaved, {paired}");
        Figure.PrintRatio("warm-load", paired, 1.10);

        // The same, as a process meets it the first time: one import in a fresh process, with Summon as the package ships
        // it (ReadyToRun), so what is compiled is what an application would compile.
        var runs = w.Quick ? 5 : 15;
        var s = new List<double>();
        var b = new List<double>();
        for (var i = 0; i < runs + 1; i++)
        {
            var sv = double.Parse(ProcessRunner.Output(Self.Packaged(w, "probe-load", "summon", cachedDll, w.Url.ToString(), w.TrustedRoot, cache)), System.Globalization.CultureInfo.InvariantCulture);
            var bv = double.Parse(ProcessRunner.Output(Self.Packaged(w, "probe-load", "baseline", cachedDll, w.Url.ToString(), w.TrustedRoot, cache)), System.Globalization.CultureInfo.InvariantCulture);
            if (i > 0)
            {
                s.Add(sv);
                b.Add(bv);
            }
        }
        var (ms, mb) = (Stats.Median(s), Stats.Median(b));
        Figure.Print("warm-load-first-in-process", Figure.Ms(ms), Figure.Ms(mb), Figure.R(ms / mb), "<=1.10", ms / mb <= 1.10);
    }

    /// <summary>
    /// Blocks of imports and of baseline loads, alternating which goes first, each block timed whole: a load takes a
    /// fraction of a millisecond, so one alone is near the clock's and the scheduler's resolution.
    /// </summary>
    private static Paired Interleave(int rounds)
    {
        const int PerBlock = 20;
        var operations = new WarmLoadBenchmarks();
        operations.Setup();
        double Block(Action operation)
        {
            // Each operation unloads its context, but the runtime reclaims it in a later collection: collected here,
            // untimed, so neither side is charged for the other's contexts, and both are timed without reclaiming.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < PerBlock; i++)
            {
                operation();
            }
            return clock.Elapsed.TotalMilliseconds / PerBlock;
        }
        var (summon, baseline) = (new List<double>(), new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            if (round % 2 == 0)
            {
                summon.Add(Block(operations.SummonImport));
                baseline.Add(Block(operations.LoadFromAssemblyPath));
            }
            else
            {
                baseline.Add(Block(operations.LoadFromAssemblyPath));
                summon.Add(Block(operations.SummonImport));
            }
        }
        return Paired.Of(summon, baseline);
    }

    /// <summary>Child side of warm-load-first-in-process: times one load, the first in this process, and prints milliseconds.</summary>
    public static int Probe(string[] args)
    {
        var (mode, dll, url, root, cache) = (args[1], args[2], args[3], args[4], args[5]);
        var jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitTime = System.Runtime.JitInfo.GetCompilationTime();
        var assemblies = AppDomain.CurrentDomain.GetAssemblies().Length;
        var clock = Stopwatch.StartNew();
        if (mode == "summon")
        {
            using var summoner = new Summoner(new SummonOptions { Repository = new Uri(url), TrustedRootPath = root, CacheDirectory = cache, Freshness = FreshnessPolicy.Never });
            _ = summoner.ImportAsync("bench.mod0").GetAwaiter().GetResult();
        }
        else
        {
            _ = AssemblyLoadContext.Default.LoadFromAssemblyPath(dll);
        }
        var elapsed = clock.Elapsed.TotalMilliseconds;
        // Where the first import's time goes: methods compiled and assemblies loaded by it (BENCH_EXPLAIN=1, for the docs).
        if (Environment.GetEnvironmentVariable("BENCH_EXPLAIN") == "1")
        {
            var loaded = AppDomain.CurrentDomain.GetAssemblies();
            Console.Error.WriteLine($"{mode}: {elapsed:0.0} ms; JIT {System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethods} methods in {(System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalMilliseconds:0.0} ms; {loaded.Length - assemblies} assemblies loaded:");
            Console.Error.WriteLine(string.Join(", ", loaded.Skip(assemblies).Select(a => a.GetName().Name)));
        }
        Console.WriteLine(elapsed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return 0;
    }

    private sealed class StderrLogger : ILogger
    {
        public string Id => "stderr";
        public int Priority => 0;
        public void Write(LogKind logKind, string text) => Console.Error.Write(text);
        public void WriteLine() => Console.Error.WriteLine();
        public void WriteLine(LogKind logKind, string text) => Console.Error.WriteLine(text);
        public void Flush() => Console.Error.Flush();
    }
}
