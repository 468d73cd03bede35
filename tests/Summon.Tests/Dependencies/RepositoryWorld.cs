using System.Collections.Concurrent;
using Summon.Publishing;
using Summon.Server;

namespace Summon.Tests.Dependencies;

/// <summary>
/// A repository on 127.0.0.1 holding small data-only modules, quick to publish, for tests of which versions an
/// application gets: dependencies, locks, revocations.
/// </summary>
public sealed class RepositoryWorld : IAsyncDisposable
{
    private readonly TempDirectory work = new("world-");
    private SummonRepositoryServer? server;

    public ConcurrentQueue<RequestLogEntry> Requests { get; } = new();

    public List<string> Log { get; } = [];

    public string AppDirectory => work.Combine("app");

    public string Cache => work.Combine("cache");

    public static async Task<RepositoryWorld> CreateAsync()
    {
        var world = new RepositoryWorld();
        RepositoryEditor.Init(world.work.Combine("repo"), world.work.Combine("keys")).Dispose();
        Directory.CreateDirectory(world.AppDirectory);
        world.server = await SummonRepositoryServer.StartAsync(world.work.Combine("repo"), new SummonServerOptions { OnRequest = world.Requests.Enqueue });
        return world;
    }

    public void Publish(string id, string version, params (string Id, string Range)[] dependencies)
    {
        var source = work.Combine("src", id, version);
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "about.txt"), $"{id} {version}");
        using var editor = RepositoryEditor.Open(work.Combine("repo"), work.Combine("keys"));
        editor.Publish(source, id, version, dependencies.ToDictionary(d => d.Id, d => d.Range));
    }

    public void Revoke(string id, string version, string reason)
    {
        using var editor = RepositoryEditor.Open(work.Combine("repo"), work.Combine("keys"));
        editor.Revoke(id, version, reason);
    }

    public Summoner NewSummoner(Action<SummonOptions>? configure = null)
    {
        var options = new SummonOptions
        {
            Repository = server!.Url,
            TrustedRootPath = work.Combine("repo", "metadata", "1.root.json"),
            CacheDirectory = Cache,
            LockFilePath = Path.Combine(AppDirectory, "summon.lock.json"),
            Freshness = FreshnessPolicy.Never,
            Log = line => { lock (Log) { Log.Add(line); } },
        };
        configure?.Invoke(options);
        return new Summoner(options);
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
