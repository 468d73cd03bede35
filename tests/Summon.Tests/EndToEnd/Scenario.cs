using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using QuickStart;
using Summon.Publishing;
using Summon.Server;

namespace Summon.Tests.EndToEnd;

/// <summary>
/// One end-to-end world: a fresh repository with acme.extra 1.0.0 published, served on 127.0.0.1, a copy of the
/// host application configured for it, and an empty cache. Every request the server answers is recorded.
/// </summary>
public sealed class Scenario : IAsyncDisposable
{
    private readonly SampleBuildFixture builds;
    private readonly TempDirectory workspace = new("e2e-");
    private SummonRepositoryServer? server;

    private Scenario(SampleBuildFixture builds) => this.builds = builds;

    public ConcurrentQueue<RequestLogEntry> Requests { get; } = new();

    public string Repository => workspace.Combine("repo");

    public string Keys => workspace.Combine("keys");

    public string Host => workspace.Combine("app");

    public string Cache => workspace.Combine("cache");

    public Uri Url => server?.Url ?? throw new InvalidOperationException("not serving");

    public static async Task<Scenario> CreateAsync(SampleBuildFixture builds)
    {
        var scenario = new Scenario(builds);
        using (var editor = RepositoryEditor.Init(scenario.Repository, scenario.Keys))
        {
            editor.Publish(builds.ModuleVersion1, SampleApps.ModuleId, "1.0.0");
        }
        await scenario.StartServerAsync();
        CopyDirectory(builds.HostDirectory, scenario.Host);
        File.Copy(Path.Combine(scenario.Repository, "metadata", "1.root.json"), Path.Combine(scenario.Host, "root.json"));
        File.WriteAllText(Path.Combine(scenario.Host, SummonOptions.ConfigFileName), $$"""{ "repository": "{{scenario.Url}}", "trustedRoot": "root.json" }""");
        return scenario;
    }

    public async Task StartServerAsync()
    {
        // The same port each time, so the application's configuration stays valid across a restart.
        var port = server?.Url.Port ?? 0;
        server = await SummonRepositoryServer.StartAsync(Repository, new SummonServerOptions { Port = port, OnRequest = Requests.Enqueue });
    }

    public async Task StopServerAsync()
    {
        if (server is not null)
        {
            await server.StopAsync();
        }
    }

    public void PublishVersion2()
    {
        using var editor = RepositoryEditor.Open(Repository, Keys);
        editor.Publish(builds.ModuleVersion2, SampleApps.ModuleId, "2.0.0");
    }

    public void Revoke(string version, string reason)
    {
        using var editor = RepositoryEditor.Open(Repository, Keys);
        editor.Revoke(SampleApps.ModuleId, version, reason);
    }

    /// <summary>Rewrites the application's summon.json with extra settings (JSON members, comma-separated).</summary>
    public void ConfigureHost(string extraSettings) =>
        File.WriteAllText(Path.Combine(Host, SummonOptions.ConfigFileName), $$"""{ "repository": "{{Url}}", "trustedRoot": "root.json", {{extraSettings}} }""");

    /// <summary>
    /// Sets the preloading switch in the application's runtime configuration, where the build integration's
    /// <c>SummonPreloadCachedModules</c> property puts it.
    /// </summary>
    public void OptInToPreloading()
    {
        var path = Path.Combine(Host, "HostApp.runtimeconfig.json");
        var configuration = JsonNode.Parse(File.ReadAllText(path))!;
        var options = configuration["runtimeOptions"]!.AsObject();
        if (options["configProperties"] is not JsonObject properties)
        {
            options["configProperties"] = properties = [];
        }
        properties["Summon.PreloadCachedModules"] = true;
        File.WriteAllText(path, configuration.ToJsonString());
    }

    public Task<ProcessResult> RunHostAsync() =>
        SampleApps.RunHostAsync(Host, new Dictionary<string, string?> { ["SUMMON_CACHE_DIR"] = Cache, ["SUMMON_REPOSITORY"] = null, ["SUMMON_TRUSTED_ROOT"] = null });

    /// <summary>Runs the real <c>summon</c> tool against this scenario's cache and application folder.</summary>
    public Task<ProcessResult> RunCliAsync(params string[] arguments) => Cli.RunAsync([.. arguments, "--cache-dir", Cache, "--app", Host]);

    public IReadOnlyList<ModuleInfo> CachedModules()
    {
        using var summoner = new Summoner(new SummonOptions { CacheDirectory = Cache });
        return summoner.ListCached();
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
        workspace.Dispose();
    }

    private static void CopyDirectory(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

/// <summary>The <c>summon</c> tool, run as its own process from the test's output folder.</summary>
public static class Cli
{
    public static Task<ProcessResult> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "summon-tool", "Summon.Cli.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["SUMMON_REPOSITORY"] = null;
        start.Environment["SUMMON_TRUSTED_ROOT"] = null;
        return SampleApps.RunAsync(start, TimeSpan.FromMinutes(2));
    }
}
