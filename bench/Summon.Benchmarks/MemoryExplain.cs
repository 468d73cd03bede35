using System.Globalization;
using System.Runtime;

namespace Summon.Benchmarks;

/// <summary>
/// With BENCH_EXPLAIN=1, cold-memory's child says where its growth went: resident pages per mapping (assemblies,
/// native libraries, anonymous and JIT memory) from /proc/self/smaps, the assemblies loaded, the methods JIT'd and the
/// threads started between the two snapshots. The snapshot before is raw text, parsed only after the fetch, so
/// explaining does not load code the figure would then miss.
/// </summary>
internal sealed class MemoryExplain
{
    private readonly string smaps;
    private readonly HashSet<string> assemblies;
    private readonly long methods;
    private readonly long ilBytes;
    private readonly TimeSpan jitTime = JitInfo.GetCompilationTime();
    private readonly long started = System.Diagnostics.Stopwatch.GetTimestamp();
    private readonly int threads;
    private readonly long committed = GC.GetGCMemoryInfo().TotalCommittedBytes;

    private MemoryExplain()
    {
        smaps = File.ReadAllText("/proc/self/smaps");
        assemblies = [.. AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name ?? "?")];
        methods = JitInfo.GetCompiledMethodCount();
        ilBytes = JitInfo.GetCompiledILBytes();
        threads = System.Diagnostics.Process.GetCurrentProcess().Threads.Count;
    }

    public static MemoryExplain? SnapshotIfAsked() => Environment.GetEnvironmentVariable("BENCH_EXPLAIN") == "1" ? new MemoryExplain() : null;

    /// <summary>Call right after the fetch, before anything else allocates: the raw text of smaps then, and the GC's commitment.</summary>
    public (string Smaps, long Committed) After() => (File.ReadAllText("/proc/self/smaps"), GC.GetGCMemoryInfo().TotalCommittedBytes);

    public void Report(TextWriter log, (string Smaps, long Committed) afterFetch)
    {
        var before = ResidentByMapping(smaps);
        var after = ResidentByMapping(afterFetch.Smaps);
        var growth = after
            .Select(p => (Name: p.Key, Kb: p.Value - before.GetValueOrDefault(p.Key)))
            .Where(p => p.Kb != 0)
            .OrderByDescending(p => p.Kb)
            .ToList();
        log.WriteLine($"explain: resident growth by mapping, kB (total {growth.Sum(p => p.Kb)}):");
        foreach (var (name, kb) in growth.Where(p => Math.Abs(p.Kb) >= 64))
        {
            log.WriteLine($"explain:   {kb,7} {name}");
        }
        var loaded = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name ?? "?").Where(n => !assemblies.Contains(n)).Order(StringComparer.Ordinal);
        log.WriteLine($"explain: assemblies loaded by the fetch: {string.Join(' ', loaded)}");
        log.WriteLine($"explain: GC committed {committed >> 10} kB -> {afterFetch.Committed >> 10} kB (anonymous memory that is the managed heap)");
        var names = Directory.GetDirectories("/proc/self/task").Select(t => File.ReadAllText(Path.Combine(t, "comm")).Trim()).GroupBy(n => n).Select(g => $"{g.Key} x{g.Count()}");
        log.WriteLine($"explain: threads now: {string.Join(", ", names)}");
        log.WriteLine($"explain: methods JIT'd by the fetch {JitInfo.GetCompiledMethodCount() - methods} ({JitInfo.GetCompiledILBytes() - ilBytes} bytes of IL) in {(JitInfo.GetCompilationTime() - jitTime).TotalMilliseconds:0} ms of {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms; threads {threads} -> {System.Diagnostics.Process.GetCurrentProcess().Threads.Count}");
    }

    /// <summary>
    /// Anonymous mappings told apart by their size: thread stacks (a few MB each, or 8 MB from glibc), glibc malloc arenas
    /// (64 MB), the GC's reservation (GBs), and the rest (loader heaps, native allocations).
    /// </summary>
    private static string SizeClass(string range)
    {
        var dash = range.IndexOf('-', StringComparison.Ordinal);
        var size = (long.Parse(range.AsSpan(dash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture) - long.Parse(range.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture)) >> 10;
        return size switch
        {
            >= 1L << 20 => ">=1GB",
            >= 32 << 10 => "32MB-1GB",
            >= 1 << 10 => "1-32MB",
            >= 256 => "256kB-1MB",
            _ => "<256kB",
        };
    }

    /// <summary>Rss per mapped file; anonymous mappings under their kind ([heap], [anon], [anon:name], [stack]).</summary>
    private static Dictionary<string, long> ResidentByMapping(string text)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        var current = "?";
        foreach (var line in text.Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
            {
                continue;
            }
            if (fields[0].Contains('-', StringComparison.Ordinal) && !fields[0].EndsWith(':'))
            {
                // "start-end perms offset dev inode [path]": the mapping's name, with its permissions for anonymous memory (rwx is JIT code).
                current = fields.Length >= 6 ? string.Join(' ', fields[5..]) : $"[anon {fields[1]} {SizeClass(fields[0])}]";
                if (current.StartsWith("/memfd:", StringComparison.Ordinal) || current.StartsWith("[anon:", StringComparison.Ordinal))
                {
                    current = $"{current} {fields[1]}";
                }
            }
            else if (fields[0] == "Rss:")
            {
                result[current] = result.GetValueOrDefault(current) + long.Parse(fields[1], CultureInfo.InvariantCulture);
            }
        }
        return result;
    }
}
