using System.Diagnostics;
using System.Globalization;

namespace Summon.Benchmarks;

/// <summary>warm-process, cold-fetch and cold-memory: the figures that need whole processes or real transfers.</summary>
internal static class Processes
{
    public static void WarmProcess(Workspace w)
    {
        // Each run of a host takes 20–30 ms, so many pairs are cheap, and the figure is a difference of 1–2 ms.
        var pairs = w.Quick ? 40 : 120;
        foreach (var (count, r2r) in new[] { (1, false), (10, false), (1, true) })
        {
            var summonHost = r2r ? Path.Combine(w.Root, "r2r", $"Host{count}Summon") : w.Host($"Host{count}Summon");
            var shipHost = r2r ? Path.Combine(w.Root, "r2r", $"Host{count}Ship") : w.Host($"Host{count}Ship");
            var id = r2r ? $"warm-process-{count}-r2r" : $"warm-process-{count}";
            if (!Directory.Exists(summonHost))
            {
                Figure.NotApplicable(id, "<=1.05", $"{summonHost} was not published (bench/run.sh publishes it)");
                continue;
            }
            w.Configure(summonHost);
            var cache = w.FreshCache(id);
            var env = new Dictionary<string, string> { ["SUMMON_CACHE_DIR"] = cache };
            // The first run fetches every module; what follows is the cached case the figure is about.
            ProcessRunner.Time(new("dotnet", [Path.Combine(summonHost, $"Host{count}Summon.dll")], env));
            var ship = new ProcessRunner.Command("dotnet", [Path.Combine(shipHost, $"Host{count}Ship.dll")]);
            var before = w.Server.RequestCount;
            var result = ProcessRunner.Alternate(new("dotnet", [Path.Combine(summonHost, $"Host{count}Summon.dll")], env), ship, pairs);
            Log.Write($"{id}: {w.Server.RequestCount - before} repository requests during the warm runs (expected 0); {result}");
            Figure.PrintRatio(id, result, 1.05);
            if (!r2r)
            {
                WarmProcessPreloading(w, count, env, ship, pairs);
                if (count == 1)
                {
                    WarmProcessCompiledHere(w, summonHost, env, ship, pairs);
                }
                WarmProcessFloors(w, count, Path.Combine(cache, "v1", "modules"), ship, pairs);
            }
        }
    }

    /// <summary>
    /// The same host built with <c>SummonPreloadCachedModules=true</c>, against the same cache: its first run leaves the
    /// warm start's records (they are per application), and every later run loads the modules as the hook is installed.
    /// </summary>
    private static void WarmProcessPreloading(Workspace w, int count, Dictionary<string, string> env, ProcessRunner.Command ship, int pairs)
    {
        var id = $"warm-process-{count}-preload-opt-in";
        var host = w.Host($"Host{count}SummonPreload");
        w.Configure(host);
        var preloading = new ProcessRunner.Command("dotnet", [Path.Combine(host, $"Host{count}SummonPreload.dll")], env);
        ProcessRunner.Time(preloading);
        var before = w.Server.RequestCount;
        var result = ProcessRunner.Alternate(preloading, ship, pairs);
        Log.Write($"{id}: {w.Server.RequestCount - before} repository requests during the warm runs (expected 0); {result}");
        Figure.PrintRatio(id, result, 1.05);
    }

    /// <summary>
    /// The one-module host with Summon's ReadyToRun image swapped for its IL: what the warm path costs when the process
    /// must compile it, which is what generating that path into the application (JIT-compiled unless published
    /// ReadyToRun) would cost instead of loading Summon.dll. A copy of the host, so the real one keeps its image.
    /// </summary>
    private static void WarmProcessCompiledHere(Workspace w, string summonHost, Dictionary<string, string> env, ProcessRunner.Command ship, int pairs)
    {
        const string Id = "warm-process-1-summon-jit";
        var host = Path.Combine(w.Root, "jit", "Host1Summon");
        if (Directory.Exists(host))
        {
            Directory.Delete(host, recursive: true);
        }
        FileTree.Copy(summonHost, host);
        var precompiled = Path.Combine(host, "runtimes", "linux-x64", "lib", "net10.0", "Summon.dll");
        if (!File.Exists(precompiled))
        {
            Figure.NotApplicable(Id, "<=1.05", $"{precompiled} is missing: the package holds no ReadyToRun image for linux-x64 to swap out");
            return;
        }
        // The package's portable lib/net8.0 assembly, which the build copies beside the host, is the same code as IL.
        File.Copy(Path.Combine(host, "Summon.dll"), precompiled, overwrite: true);
        var compiled = new ProcessRunner.Command("dotnet", [Path.Combine(host, "Host1Summon.dll")], env);
        ProcessRunner.Time(compiled);
        var result = ProcessRunner.Alternate(compiled, ship, pairs);
        Log.Write($"{Id}: {result}");
        Figure.PrintRatio(Id, result, 1.05);
    }

    /// <summary>
    /// Reference lines, not Summon: what the runtime charges for modules loaded from outside the application's folder,
    /// each host alternated with the one that ships its modules. <c>floor-hook</c> is a bare resolve handler compiled
    /// into the host, the least any resolve hook costs; <c>floor-preload</c> loads every module before anything asks,
    /// so no event is raised at all (and every module is loaded whether this run uses it or not).
    /// </summary>
    private static void WarmProcessFloors(Workspace w, int count, string cachedModules, ProcessRunner.Command ship, int pairs)
    {
        var env = new Dictionary<string, string> { ["BENCH_MODULES_DIR"] = cachedModules };
        foreach (var (id, kind) in new[] { ($"warm-process-{count}-floor-hook", "Floor"), ($"warm-process-{count}-floor-preload", "Preload") })
        {
            var host = w.Host($"Host{count}{kind}");
            var result = ProcessRunner.Alternate(new("dotnet", [Path.Combine(host, $"Host{count}{kind}.dll")], env), ship, pairs);
            Log.Write($"{id}: {result}");
            Figure.PrintRatio(id, result, 1.05);
        }
        if (count > 1)
        {
            // The second resolve event of a process loads ICU (the runtime builds a culture-aware AssemblyName once the
            // default context has a managed side), which a host that ships its modules never does: the same pair with
            // globalization invariant, in both, shows what that costs.
            const string Invariant = "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT";
            var id = $"warm-process-{count}-floor-hook-invariant";
            var host = w.Host($"Host{count}Floor");
            var result = ProcessRunner.Alternate(
                new("dotnet", [Path.Combine(host, $"Host{count}Floor.dll")], new Dictionary<string, string>(env) { [Invariant] = "1" }),
                ship with { Environment = new Dictionary<string, string> { [Invariant] = "1" } },
                pairs);
            Log.Write($"{id}: {result}");
            Figure.PrintRatio(id, result, 1.05);
        }
    }

    public static async Task ColdFetchAsync(Workspace w)
    {
        var urls = Directory.GetFiles(Path.Combine(w.Repository, "targets"), "*", SearchOption.AllDirectories)
            .Where(f => f.Contains("bench.data", StringComparison.Ordinal) && f.EndsWith(".bin", StringComparison.Ordinal))
            .Select(f => new Uri(w.Url, Path.GetRelativePath(w.Repository, f).Replace('\\', '/')).ToString())
            .ToList();
        if (urls.Count != Workspace.FetchFiles)
        {
            throw new InvalidOperationException($"expected {Workspace.FetchFiles} target files of bench.data, found {urls.Count}");
        }
        // A pair takes a fraction of a second: enough pairs that one slow spell on this shared machine moves no median.
        var pairs = w.Quick ? 12 : 30;
        var summon = new List<double>();
        var curl = new List<double>();
        async Task<double> SummonOnce()
        {
            var cache = w.FreshCache("cold-fetch");
            var clock = Stopwatch.StartNew();
            using (var summoner = new Summoner(w.Options(cache)))
            {
                await summoner.ImportAsync("bench.data");
            }
            var elapsed = clock.Elapsed.TotalMilliseconds;
            Directory.Delete(cache, recursive: true);
            return elapsed;
        }
        double CurlOnce()
        {
            // curl writes to disk too, as Summon does: the comparison is transfer to files, not to /dev/null.
            var outDir = w.FreshCache("curl");
            var args = new List<string> { "--parallel", "--parallel-max", "10", "-sS", "--fail" };
            for (var f = 0; f < urls.Count; f++)
            {
                args.AddRange(["-o", Path.Combine(outDir, $"f{f}"), urls[f]]);
            }
            var elapsed = ProcessRunner.Time(new("curl", args));
            Directory.Delete(outDir, recursive: true);
            return elapsed;
        }
        // One of each first, not counted: the first import in this process compiles Summon's fetch path.
        await SummonOnce();
        CurlOnce();
        for (var i = 0; i < pairs; i++)
        {
            // Which goes first alternates, so neither always meets the other's writeback of 50 MB.
            if (i % 2 == 0)
            {
                summon.Add(await SummonOnce());
                curl.Add(CurlOnce());
            }
            else
            {
                curl.Add(CurlOnce());
                summon.Add(await SummonOnce());
            }
        }
        var result = Paired.Of(summon, curl);
        Log.Write($"cold-fetch: {result}");
        Figure.PrintRatio("cold-fetch", result, 1.20);
    }

    public static void ColdMemory(Workspace w)
    {
        // The figure as the issue defines it: the process before its first fetch. Then the transfer alone: the same
        // after one small import has brought in the code of the cold path (HTTP, TLS-free sockets, JSON, signatures).
        foreach (var (id, warmFirst) in new[] { ("cold-memory", false), ("cold-memory-transfer", true) })
        {
            var cache = w.FreshCache(id);
            // A child process, so the peak is the client's alone and not this process's (which also runs the server).
            var output = ProcessRunner.Output(Self.Packaged(w, "memory-child", w.Url.ToString(), w.TrustedRoot, cache, warmFirst ? "bench.mod1" : "-"));
            var parts = output.Trim().Split(' ');
            var (before, after) = (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
            Directory.Delete(cache, recursive: true);
            var delta = after - before;
            Figure.Print(id, "+" + Figure.Mb(delta), Figure.Mb(before), "+" + Figure.Mb(delta), "<=+32MB", delta <= 32 * 1024 * 1024);
        }
    }

    /// <summary>Child of cold-memory: VmHWM (peak resident set) before and after importing the 500 MB module, in bytes (after importing a small module first, when one is named).</summary>
    public static int MemoryChild(string[] args)
    {
        using var summoner = new Summoner(new SummonOptions { Repository = new Uri(args[1]), TrustedRootPath = args[2], CacheDirectory = args[3], Freshness = FreshnessPolicy.Never });
        if (args.Length > 4 && args[4] != "-")
        {
            summoner.ImportAsync(args[4]).GetAwaiter().GetResult();
        }
        GC.Collect();
        var explain = MemoryExplain.SnapshotIfAsked();
        // Raw text, parsed only after the fetch: parsing first would load and compile code the figure then charges to the fetch.
        var statusBefore = File.ReadAllText("/proc/self/status");
        var module = summoner.ImportAsync("bench.big").GetAwaiter().GetResult();
        var statusAfter = File.ReadAllText("/proc/self/status");
        var explainAfter = explain?.After();
        var (before, after) = (PeakResident(statusBefore), PeakResident(statusAfter));
        // Where the growth is, for the log: anonymous memory (GC heap, JIT'd code, native buffers) or mapped files (assemblies, libcrypto).
        var gc = GC.GetGCMemoryInfo();
        Console.Error.WriteLine($"cold-memory: before {Status(statusBefore)}; after {Status(statusAfter)}; GC heap {gc.HeapSizeBytes >> 10} kB, committed {gc.TotalCommittedBytes >> 10} kB, total allocated {GC.GetTotalAllocatedBytes() >> 10} kB");
        explain?.Report(Console.Error, explainAfter!.Value);
        if (module.Info.TotalBytes < Workspace.BigFileBytes)
        {
            throw new InvalidOperationException($"bench.big holds {module.Info.TotalBytes} bytes");
        }
        Console.WriteLine($"{before} {after}");
        return 0;
    }

    private static string Status(string status) => string.Join(", ", status.Split('\n')
        .Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal) || l.StartsWith("Rss", StringComparison.Ordinal) || l.StartsWith("Threads:", StringComparison.Ordinal))
        .Select(l => string.Join(' ', l.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))));

    private static long PeakResident(string status)
    {
        var line = status.Split('\n').First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
