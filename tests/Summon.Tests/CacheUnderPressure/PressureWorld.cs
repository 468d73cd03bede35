using System.Collections.Concurrent;
using System.Diagnostics;
using QuickStart;
using Summon.FaultInjection;
using Summon.Publishing;
using Summon.Server;
using Summon.Tests.EndToEnd;

namespace Summon.Tests.CacheUnderPressure;

/// <summary>
/// A repository of data-only modules with files of chosen sizes, served on 127.0.0.1 either by the real server (which
/// counts requests) or by the fault server (which can serve slowly), and a cache for real <c>summon</c> processes to share.
/// </summary>
public sealed class PressureWorld : IAsyncDisposable
{
    private readonly TempDirectory work = new("pressure-");
    private SummonRepositoryServer? server;
    private FaultServer? faultServer;

    public ConcurrentQueue<RequestLogEntry> Requests { get; } = new();

    public List<string> Log { get; } = [];

    public string Cache => work.Combine("cache");

    public string RepositoryFolder => work.Combine("repo");

    public string TrustedRoot => work.Combine("repo", "metadata", "1.root.json");

    public Uri Url => server?.Url ?? faultServer!.Url;

    public FaultServer Faults => faultServer ?? throw new InvalidOperationException("started without the fault server");

    public string Combine(params string[] parts) => work.Combine(parts);

    public static async Task<PressureWorld> CreateAsync(bool faultServer = false)
    {
        var world = new PressureWorld();
        RepositoryEditor.Init(world.RepositoryFolder, world.work.Combine("keys")).Dispose();
        if (faultServer)
        {
            world.faultServer = await FaultServer.StartAsync(world.RepositoryFolder);
        }
        else
        {
            world.server = await SummonRepositoryServer.StartAsync(world.RepositoryFolder, new SummonServerOptions { OnRequest = world.Requests.Enqueue });
        }
        return world;
    }

    /// <summary>Publishes a module whose files have these sizes (bytes that differ from file to file and offset to offset).</summary>
    public void Publish(string id, string version, params int[] fileSizes)
    {
        var source = work.Combine("src", id, version);
        Directory.CreateDirectory(source);
        for (var i = 0; i < fileSizes.Length; i++)
        {
            var content = new byte[fileSizes[i]];
            new Random(HashCode.Combine(id, version, i)).NextBytes(content);
            File.WriteAllBytes(Path.Combine(source, $"data{i}.bin"), content);
        }
        using var editor = RepositoryEditor.Open(RepositoryFolder, work.Combine("keys"));
        editor.Publish(source, id, version, new Dictionary<string, string>());
    }

    /// <summary>How many times each module file (not metadata) was served with a body.</summary>
    public IReadOnlyDictionary<string, int> FileDownloads() => Requests
        .Where(r => r.Path.Contains("/files/", StringComparison.Ordinal) && r.Method == "GET" && r.StatusCode is 200 or 206)
        .GroupBy(r => r.Path)
        .ToDictionary(g => g.Key, g => g.Count());

    public Summoner NewSummoner(Action<SummonOptions>? configure = null)
    {
        var options = new SummonOptions
        {
            Repository = Url,
            TrustedRootPath = TrustedRoot,
            CacheDirectory = Cache,
            Freshness = FreshnessPolicy.Never,
            Log = line => { lock (Log) { Log.Add(line); } },
        };
        configure?.Invoke(options);
        return new Summoner(options);
    }

    /// <summary>The real <c>summon</c> tool against this world's repository and cache.</summary>
    public Task<ProcessResult> RunCliAsync(params string[] arguments) =>
        Cli.RunAsync([.. arguments, "--repository", Url.ToString(), "--trusted-root", TrustedRoot, "--cache-dir", Cache]);

    /// <summary>Starts the tool without waiting for it, so a test can kill it.</summary>
    public Process StartCli(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "summon-tool", "Summon.Cli.dll"));
        foreach (var argument in (string[])[.. arguments, "--repository", Url.ToString(), "--trusted-root", TrustedRoot, "--cache-dir", Cache])
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["SUMMON_REPOSITORY"] = null;
        start.Environment["SUMMON_TRUSTED_ROOT"] = null;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public string StagingFolder => Path.Combine(Cache, "v1", "staging");

    public string ModuleFolder(string id, string version) => Path.Combine(Cache, "v1", "modules", id, version);

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
        if (faultServer is not null)
        {
            await faultServer.DisposeAsync();
        }
        work.Dispose();
    }
}
