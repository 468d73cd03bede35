using System.Collections.Concurrent;
using System.Diagnostics;
using QuickStart;
using Summon;
using Summon.Publishing;
using Summon.Server;

// The quick start: a real repository on 127.0.0.1, a real application that ships without its module,
// fetching it lazily on the first run and loading it from the cache on the second.
var workspace = Directory.CreateTempSubdirectory("summon-quickstart-").FullName;
try
{
    Console.WriteLine("Summon quick start");
    Console.WriteLine($"  workspace: {workspace}");

    var clock = Stopwatch.StartNew();
    var host = Path.Combine(workspace, "app");
    var module = Path.Combine(workspace, "module-1.0.0");
    Console.Write("  building the module Acme.Extra 1.0.0 and the host application HostApp ... ");
    await SampleApps.BuildModuleAsync("1.0.0", module);
    await SampleApps.BuildHostAsync(host);
    Console.WriteLine($"done ({clock.Elapsed.TotalSeconds:0.0} s)");
    var shipped = File.Exists(Path.Combine(host, "Acme.Extra.dll")) || File.ReadAllText(Path.Combine(host, "HostApp.deps.json")).Contains("Acme.Extra");
    Console.WriteLine($"  HostApp's output ships Acme.Extra: {(shipped ? "YES (unexpected)" : "no")}");

    var repository = Path.Combine(workspace, "repo");
    var keys = Path.Combine(workspace, "keys");
    using (var editor = RepositoryEditor.Init(repository, keys))
    {
        var published = editor.Publish(module, SampleApps.ModuleId, "1.0.0");
        Console.WriteLine($"  repository {repository} (signing keys kept outside it, in {keys})");
        Console.WriteLine($"  published {published.Id} {published.Version}: {published.FileCount} files, {published.TotalBytes} bytes");
    }

    var requests = new ConcurrentQueue<RequestLogEntry>();
    await using var server = await SummonRepositoryServer.StartAsync(repository, new SummonServerOptions { OnRequest = requests.Enqueue });
    Console.WriteLine($"  serving it on {server.Url}");

    // What the application ships beside itself: where its modules come from, and the root of trust.
    File.Copy(Path.Combine(repository, "metadata", "1.root.json"), Path.Combine(host, "root.json"));
    File.WriteAllText(Path.Combine(host, SummonOptions.ConfigFileName), $$"""
        { "repository": "{{server.Url}}", "trustedRoot": "root.json" }
        """);
    var cache = Path.Combine(workspace, "cache");
    var environment = new Dictionary<string, string?> { ["SUMMON_CACHE_DIR"] = cache };

    var failed = false;
    foreach (var run in new[] { "First run (empty cache)", "Second run" })
    {
        requests.Clear();
        Console.WriteLine();
        Console.WriteLine($"{run}: dotnet HostApp.dll  (SUMMON_CACHE_DIR={cache})");
        clock.Restart();
        var result = await SampleApps.RunHostAsync(host, environment);
        var elapsed = clock.Elapsed;
        foreach (var line in result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Console.WriteLine($"  | {line.TrimEnd()}");
        }
        var files = requests.Where(r => r.Path.Contains("/files/")).ToList();
        Console.WriteLine($"  exit code {result.ExitCode} after {elapsed.TotalMilliseconds:0} ms");
        Console.WriteLine($"  repository requests: {requests.Count} ({requests.Count(r => r.Path.StartsWith("/metadata/"))} metadata, {requests.Count(r => r.Path.StartsWith("/targets/"))} targets), {requests.Sum(r => r.Bytes)} bytes");
        Console.WriteLine($"  module files fetched: {files.Count} ({files.Sum(r => r.Bytes)} bytes)");
        failed |= result.ExitCode != 0;
    }

    using (var summoner = new Summoner(new SummonOptions { CacheDirectory = cache }))
    {
        Console.WriteLine();
        Console.WriteLine($"Cache now holds: {string.Join(", ", summoner.ListCached())}");
        summoner.ClearCache();
        Console.WriteLine($"Cache cleared; it holds {summoner.ListCached().Count} modules. The next run would fetch again.");
    }
    return failed ? 1 : 0;
}
finally
{
    Directory.Delete(workspace, recursive: true);
}
