using Summon.Publishing;
using Summon.Server;

namespace Summon.Benchmarks;

/// <summary>The fixtures of one run: built modules and hosts (bench/.work/src), a fresh signed repository holding them, and its server on 127.0.0.1.</summary>
internal sealed class Workspace(string root, bool quick)
{
    public string Root { get; } = Path.GetFullPath(root);
    public bool Quick { get; } = quick;
    public string Src => Path.Combine(Root, "src");
    public string Repository => Path.Combine(Root, "repo");
    public string Keys => Path.Combine(Root, "keys");
    public string TrustedRoot => Path.Combine(Repository, "metadata", "1.root.json");
    public string Caches => Path.Combine(Root, "caches");
    public string Module0Dll => Path.Combine(Src, "Bench.Mod0", "bin", "Release", "net8.0", "Bench.Mod0.dll");
    public SummonRepositoryServer Server { get; private set; } = null!;
    public Uri Url => Server.Url;

    public const int FetchFiles = 10;
    public const long FetchFileBytes = 5L * 1024 * 1024;
    public const long BigFileBytes = 500L * 1024 * 1024;

    /// <summary>Publishes bench.mod0–9 (from their Release builds), bench.data (10 × 5 MB) and bench.big (one 500 MB file), then serves the repository.</summary>
    public async Task StartAsync()
    {
        foreach (var dir in new[] { Repository, Keys, Caches })
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        Directory.CreateDirectory(Caches);
        var data = RandomFiles(Path.Combine(Root, "data", "fetch"), FetchFiles, FetchFileBytes);
        var big = RandomFiles(Path.Combine(Root, "data", "big"), 1, BigFileBytes);
        using (var editor = RepositoryEditor.Init(Repository, Keys))
        {
            for (var m = 0; m < 10; m++)
            {
                editor.Publish(Path.Combine(Src, $"Bench.Mod{m}", "bin", "Release", "net8.0"), $"bench.mod{m}", "1.0.0");
            }
            editor.Publish(data, "bench.data", "1.0.0");
            editor.Publish(big, "bench.big", "1.0.0");
        }
        Server = await SummonRepositoryServer.StartAsync(Repository, new SummonServerOptions { Port = 0 });
        Log.Write($"repository {Repository} served at {Url}");
    }

    public string FreshCache(string name)
    {
        var dir = Path.Combine(Caches, $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    public SummonOptions Options(string cache) => new()
    {
        Repository = Url,
        TrustedRootPath = TrustedRoot,
        CacheDirectory = cache,
        Freshness = FreshnessPolicy.Never,
    };

    /// <summary>Writes what a host ships beside itself so it finds this run's repository.</summary>
    public void Configure(string hostDir)
    {
        File.Copy(TrustedRoot, Path.Combine(hostDir, "root.json"), overwrite: true);
        File.WriteAllText(Path.Combine(hostDir, "summon.json"), $$"""{ "repository": "{{Url}}", "trustedRoot": "root.json", "freshness": "never" }""");
    }

    public string Host(string name) => Path.Combine(Src, name, "bin", "Release", "net10.0");

    // Random bytes so nothing along the way (compression, dedup) makes the transfer cheaper than real data.
    private static string RandomFiles(string dir, int count, long bytes)
    {
        Directory.CreateDirectory(dir);
        var random = new Random(7);
        var buffer = new byte[1024 * 1024];
        for (var i = 0; i < count; i++)
        {
            var path = Path.Combine(dir, $"f{i}.bin");
            if (File.Exists(path) && new FileInfo(path).Length == bytes)
            {
                continue;
            }
            using var file = File.Create(path);
            for (long written = 0; written < bytes; written += buffer.Length)
            {
                random.NextBytes(buffer);
                file.Write(buffer, 0, (int)Math.Min(buffer.Length, bytes - written));
            }
        }
        return dir;
    }
}
