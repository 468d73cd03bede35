using System.Diagnostics;
using Summon.Publishing;
using Summon.Server;

namespace Summon.Benchmarks;

/// <summary>
/// refresh-scale: a client's first import (TUF refresh root → timestamp → snapshot → targets → one bin, then the
/// module's lookups and its one small file) against repositories of growing size, all with hashed bins.
/// Repositories are built with <see cref="RepositoryEditor"/> (every module published, signed once per chunk), under a time budget:
/// when the editor cannot reach a size in time the figure says which size it measured instead.
/// </summary>
internal static class RefreshScale
{
    private const int Chunk = 2_000;

    public static async Task RunAsync(Workspace w)
    {
        int[] sizes = w.Quick ? [100, 1_000, 10_000] : [100, 10_000, 100_000];
        var budget = TimeSpan.FromSeconds(w.Quick ? 120 : 1200);
        var source = Path.Combine(w.Root, "data", "tiny");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "data.txt"), "tiny module for refresh-scale\n");
        var scratch = ScratchRoot(w);
        var clock = Stopwatch.StartNew();
        var generated = new List<(int Size, string Directory)>();
        try
        {
            foreach (var size in sizes)
            {
                var (dir, published) = Generate(scratch, source, size, clock, budget);
                generated.Add((size, dir));
                if (published < size)
                {
                    Figure.NotApplicable($"refresh-scale-{size}", "<=2.00", $"the editor published {published} of {size} modules within the {budget.TotalSeconds:0} s budget");
                    generated.RemoveAt(generated.Count - 1);
                    break;
                }
            }
            if (generated.Count == 0)
            {
                return;
            }
            var times = await MeasureInterleavedAsync(w, generated, w.Quick ? 5 : 15);
            var baseline = times[0];
            for (var i = 0; i < generated.Count; i++)
            {
                var paired = Paired.Of(times[i], baseline);
                Log.Write($"refresh-scale-{generated[i].Size}: {paired}");
                Figure.PrintRatio($"refresh-scale-{generated[i].Size}", paired, 2.0);
            }
        }
        finally
        {
            // The large repositories live in memory: give it back.
            foreach (var size in sizes)
            {
                foreach (var dir in new[] { Path.Combine(scratch, $"scale-{size}"), Path.Combine(scratch, $"scale-{size}-keys") })
                {
                    if (Directory.Exists(dir))
                    {
                        Directory.Delete(dir, recursive: true);
                    }
                }
            }
        }
    }

    /// <summary>A repository of <paramref name="size"/> tiny modules in hashed bins; how many the editor published within the budget.</summary>
    private static (string Directory, int Published) Generate(string scratch, string source, int size, Stopwatch clock, TimeSpan budget)
    {
        var dir = Path.Combine(scratch, $"scale-{size}");
        var keys = Path.Combine(scratch, $"scale-{size}-keys");
        foreach (var d in new[] { dir, keys })
        {
            if (Directory.Exists(d))
            {
                Directory.Delete(d, recursive: true);
            }
        }
        // Bins grow with the repository (about 64 modules per bin), so each bin file stays small.
        var bins = (int)Math.Clamp(System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, size / 64)), 16, 2048);
        var published = 0;
        var generate = Stopwatch.StartNew();
        using (var editor = RepositoryEditor.Init(dir, keys))
        {
            editor.DelegateHashBins(bins);
            // In chunks, each signed once: the repository a publish per module would make (fewer metadata versions), built in seconds, not minutes.
            while (published < size && clock.Elapsed < budget)
            {
                var chunk = Math.Min(Chunk, size - published);
                editor.PublishMany(Enumerable.Range(published, chunk).Select(i => (source, $"scale.m{i:D6}", "1.0.0")));
                published += chunk;
            }
        }
        Log.Write($"refresh-scale: {published} of {size} modules in {bins} bins published in {generate.Elapsed.TotalSeconds:0.0} s ({published / generate.Elapsed.TotalSeconds:0} modules/s)");
        return (dir, published);
    }

    /// <summary>
    /// Where the repositories are generated: a memory file system when there is one, because the editor flushes every
    /// file it writes to disk (right for a real repository, ≈7 ms a module here) and 100 000 modules would take minutes.
    /// The figure is unchanged: the server reads the files from the page cache either way, and the client's cache stays on disk.
    /// </summary>
    private static string ScratchRoot(Workspace w)
    {
        var memory = Environment.GetEnvironmentVariable("BENCH_SCALE_DIR") is { Length: > 0 } chosen ? chosen : "/dev/shm";
        if (Directory.Exists(memory))
        {
            var dir = Path.Combine(memory, $"summon-bench-{Environment.UserName}");
            Directory.CreateDirectory(dir);
            return dir;
        }
        return w.Root;
    }

    /// <summary>
    /// One first import against each repository per round, in an order that alternates between rounds, so a busy spell
    /// on this shared machine falls on every size alike; the first round (JIT) is not counted. Each repository's times.
    /// </summary>
    private static async Task<List<double>[]> MeasureInterleavedAsync(Workspace w, List<(int Size, string Directory)> repositories, int rounds)
    {
        var servers = new List<SummonRepositoryServer>();
        try
        {
            foreach (var (_, directory) in repositories)
            {
                servers.Add(await SummonRepositoryServer.StartAsync(directory, new SummonServerOptions { Port = 0 }));
            }
            var times = repositories.Select(_ => new List<double>()).ToArray();
            for (var round = 0; round < rounds + 1; round++)
            {
                var order = Enumerable.Range(0, repositories.Count);
                foreach (var i in round % 2 == 0 ? order : order.Reverse())
                {
                    var (size, directory) = repositories[i];
                    var t = await FirstImportAsync(w, servers[i].Url, directory, $"scale.m{size / 2:D6}");
                    if (round > 0)
                    {
                        times[i].Add(t);
                    }
                }
            }
            return times;
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static async Task<double> FirstImportAsync(Workspace w, Uri url, string repository, string module)
    {
        var cache = w.FreshCache("scale");
        var clock = Stopwatch.StartNew();
        using (var summoner = new Summoner(new SummonOptions { Repository = url, TrustedRootPath = Path.Combine(repository, "metadata", "1.root.json"), CacheDirectory = cache, Freshness = FreshnessPolicy.Never }))
        {
            await summoner.PrefetchAsync(module);
        }
        var t = clock.Elapsed.TotalMilliseconds;
        Directory.Delete(cache, recursive: true);
        return t;
    }
}
