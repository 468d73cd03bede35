using System.Diagnostics;
using System.Globalization;

namespace Summon.Benchmarks;

/// <summary>warm-process, cold-fetch and cold-memory: the figures that need whole processes or real transfers.</summary>
internal static class Processes
{
    public static void WarmProcess(Workspace w)
    {
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
            var before = w.Server.RequestCount;
            var (summon, ship) = ProcessRunner.Alternate(
                new("dotnet", [Path.Combine(summonHost, $"Host{count}Summon.dll")], env),
                new("dotnet", [Path.Combine(shipHost, $"Host{count}Ship.dll")]),
                w.Quick ? 10 : 30);
            Log.Write($"{id}: {w.Server.RequestCount - before} repository requests during the warm runs (expected 0)");
            Figure.Print(id, Figure.Ms(summon), Figure.Ms(ship), Figure.R(summon / ship), "<=1.05", summon / ship <= 1.05);
            if (count == 1 && !r2r)
            {
                WarmProcessFloor(w, Path.Combine(cache, "v1", "modules", "bench.mod0", "1.0.0"), shipHost);
            }
        }
    }

    /// <summary>
    /// Reference lines, not Summon: what the runtime charges any resolve hook. <c>warm-process-1-floor-hook</c> is a
    /// handler compiled into the host that loads the cached file it is told about; <c>warm-process-1-floor-io</c> does
    /// first the file system work of Summon's warm path (read summon.json, list the version folders, read the install
    /// record, stat the file and the revoked marker). Each is alternated with the host that ships the module.
    /// </summary>
    private static void WarmProcessFloor(Workspace w, string cachedVersion, string shipHost)
    {
        var env = new Dictionary<string, string> { ["BENCH_MODULE_DIR"] = cachedVersion };
        foreach (var (id, name) in new[] { ("warm-process-1-floor-hook", "Host1Floor"), ("warm-process-1-floor-io", "Host1FloorIO") })
        {
            var host = w.Host(name);
            w.Configure(host);
            var (floor, ship) = ProcessRunner.Alternate(
                new("dotnet", [Path.Combine(host, $"{name}.dll")], env),
                new("dotnet", [Path.Combine(shipHost, "Host1Ship.dll")]),
                w.Quick ? 10 : 30);
            Figure.Print(id, Figure.Ms(floor), Figure.Ms(ship), Figure.R(floor / ship), "<=1.05", floor / ship <= 1.05);
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
        var runs = w.Quick ? 4 : 12;
        var summon = new List<double>();
        var curl = new List<double>();
        for (var i = 0; i < runs + 1; i++)
        {
            var cache = w.FreshCache("cold-fetch");
            var clock = Stopwatch.StartNew();
            using (var summoner = new Summoner(w.Options(cache)))
            {
                await summoner.ImportAsync("bench.data");
            }
            var s = clock.Elapsed.TotalMilliseconds;
            Directory.Delete(cache, recursive: true);

            // curl writes to disk too, as Summon does: the comparison is transfer to files, not to /dev/null.
            var outDir = w.FreshCache("curl");
            var args = new List<string> { "--parallel", "--parallel-max", "10", "-sS", "--fail" };
            for (var f = 0; f < urls.Count; f++)
            {
                args.AddRange(["-o", Path.Combine(outDir, $"f{f}"), urls[f]]);
            }
            var c = ProcessRunner.Time(new("curl", args));
            Directory.Delete(outDir, recursive: true);
            if (i > 0)
            {
                summon.Add(s);
                curl.Add(c);
            }
        }
        var (ms, mc) = (Stats.Median(summon), Stats.Median(curl));
        Figure.Print("cold-fetch", Figure.Ms(ms), Figure.Ms(mc), Figure.R(ms / mc), "<=1.20", ms / mc <= 1.20);
    }

    public static void ColdMemory(Workspace w)
    {
        // The figure as the issue defines it: the process before its first fetch. Then the transfer alone: the same
        // after one small import has brought in the code of the cold path (HTTP, TLS-free sockets, JSON, signatures).
        foreach (var (id, warmFirst) in new[] { ("cold-memory", false), ("cold-memory-transfer", true) })
        {
            var cache = w.FreshCache(id);
            // A child process, so the peak is the client's alone and not this process's (which also runs the server).
            var output = ProcessRunner.Output(Self.Command("memory-child", w.Url.ToString(), w.TrustedRoot, cache, warmFirst ? "bench.mod1" : "-"));
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
