using System.Collections.Concurrent;
using Summon.Publishing;
using Summon.Server;

namespace Summon.Tests.Diagnostics;

/// <summary>
/// A repository on 127.0.0.1 for data-only modules whose files the test chooses (sizes that take several chunks,
/// lazy files), served by the real repository server; every request is recorded.
/// </summary>
public sealed class DataModuleRepository : IAsyncDisposable
{
    private readonly TempDirectory work = new("diag-");
    private SummonRepositoryServer? server;

    public ConcurrentQueue<RequestLogEntry> Requests { get; } = new();

    public string Cache => work.Combine("cache");

    public string TrustedRoot => work.Combine("repo", "metadata", "1.root.json");

    public Uri Url => server?.Url ?? throw new InvalidOperationException("not serving");

    public static async Task<DataModuleRepository> CreateAsync()
    {
        var repository = new DataModuleRepository();
        RepositoryEditor.Init(repository.work.Combine("repo"), repository.work.Combine("keys")).Dispose();
        repository.server = await SummonRepositoryServer.StartAsync(repository.work.Combine("repo"), new SummonServerOptions { OnRequest = repository.Requests.Enqueue });
        return repository;
    }

    /// <summary>Publishes a module whose files are <paramref name="files"/> (path → length, filled with pseudo-random bytes).</summary>
    public void Publish(string id, string version, IReadOnlyDictionary<string, int> files, IReadOnlyList<string>? lazy = null, IReadOnlyDictionary<string, string>? dependencies = null)
    {
        var source = work.Combine("src", id, version);
        var random = new Random(files.Count * 7919 + id.Length);
        foreach (var (path, length) in files)
        {
            var full = Path.Combine(source, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var bytes = new byte[length];
            random.NextBytes(bytes);
            File.WriteAllBytes(full, bytes);
        }
        using var editor = RepositoryEditor.Open(work.Combine("repo"), work.Combine("keys"));
        editor.Publish(source, id, version, dependencies, lazy);
    }

    public SummonOptions Options(Action<SummonOptions>? configure = null)
    {
        var options = new SummonOptions
        {
            Repository = Url,
            TrustedRootPath = TrustedRoot,
            CacheDirectory = Cache,
            Freshness = FreshnessPolicy.Never,
        };
        configure?.Invoke(options);
        return options;
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
        work.Dispose();
    }
}
