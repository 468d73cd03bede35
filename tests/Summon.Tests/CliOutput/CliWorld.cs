using System.Diagnostics;
using QuickStart;
using Summon.Publishing;
using Summon.Server;

namespace Summon.Tests.CliOutput;

/// <summary>
/// The <c>summon</c> tool against a repository on 127.0.0.1 holding data-only modules (acme.pdf 1.0.0 with three
/// files and a lazy one, depending on acme.fonts 1.0.0), an application folder whose summon.json names that
/// repository, and an empty cache. Quick to set up: nothing is compiled.
/// </summary>
public sealed class CliWorld : IAsyncDisposable
{
    public const int PdfFiles = 3;
    private readonly TempDirectory work = new("cli-");
    private SummonRepositoryServer? server;

    private CliWorld()
    {
    }

    public string Repository => work.Combine("repo");

    public string Keys => work.Combine("keys");

    public string App => work.Combine("app");

    public string Cache => work.Combine("cache");

    public static async Task<CliWorld> CreateAsync()
    {
        var world = new CliWorld();
        using (var editor = RepositoryEditor.Init(world.Repository, world.Keys))
        {
            editor.Publish(world.ModuleFolder("acme.fonts", "1.0.0", ("fonts/serif.bin", 40_000)), "acme.fonts", "1.0.0");
            editor.Publish(
                world.ModuleFolder("acme.pdf", "1.0.0", ("data/a.bin", 150_000), ("data/b.bin", 90_000), ("about.txt", 20), ("lazy/big.bin", 300_000)),
                "acme.pdf", "1.0.0", new Dictionary<string, string> { ["acme.fonts"] = "[1.0,2.0)" }, ["lazy/**"]);
        }
        world.server = await SummonRepositoryServer.StartAsync(world.Repository, new SummonServerOptions());
        Directory.CreateDirectory(world.App);
        File.Copy(Path.Combine(world.Repository, "metadata", "1.root.json"), Path.Combine(world.App, "root.json"));
        world.WriteAppConfig("");
        return world;
    }

    /// <summary>Writes the application's summon.json: this repository, its root, and <paramref name="more"/> properties.</summary>
    public void WriteAppConfig(string more) =>
        File.WriteAllText(Path.Combine(App, SummonOptions.ConfigFileName), $$"""{ "repository": "{{server!.Url}}", "trustedRoot": "root.json"{{more}} }""");

    public void PublishPdf2()
    {
        using var editor = RepositoryEditor.Open(Repository, Keys);
        editor.Publish(ModuleFolder("acme.pdf", "2.0.0", ("data/a.bin", 160_000)), "acme.pdf", "2.0.0", new Dictionary<string, string> { ["acme.fonts"] = "[1.0,2.0)" });
    }

    public async Task StopServerAsync()
    {
        if (server is not null)
        {
            await server.StopAsync();
        }
    }

    /// <summary>Runs a client command of the tool on this world's cache and application, output redirected.</summary>
    public Task<ProcessResult> RunAsync(params string[] arguments) => Tool.RunAsync([.. arguments, "--cache-dir", Cache, "--app", App]);

    public Task<ProcessResult> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        Tool.RunAsync([.. arguments, "--cache-dir", Cache, "--app", App], environment);

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
        work.Dispose();
    }

    private string ModuleFolder(string id, string version, params (string Path, int Length)[] files)
    {
        var folder = work.Combine("src", id, version);
        foreach (var (path, length) in files)
        {
            var full = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var bytes = new byte[length];
            new Random(length).NextBytes(bytes);
            File.WriteAllBytes(full, bytes);
        }
        return folder;
    }
}

/// <summary>A test class whose tests each get a fresh <see cref="CliWorld"/>.</summary>
public abstract class CliWorldTests : IAsyncLifetime
{
    protected CliWorld World { get; private set; } = null!;

    public async Task InitializeAsync() => World = await CliWorld.CreateAsync();

    public async Task DisposeAsync() => await World.DisposeAsync();

    /// <summary>Runs a client command on this world with stdout and stderr on a pseudo-terminal (TERM=xterm unless set).</summary>
    protected Task<ProcessResult> OnTerminalAsync(Dictionary<string, string?> environment, params string[] arguments)
    {
        environment.TryAdd("TERM", "xterm");
        return Tool.RunOnTerminalAsync([.. arguments, "--cache-dir", World.Cache, "--app", World.App], environment);
    }
}

/// <summary>
/// The <c>summon</c> tool run as users run it, in its own process: with its output redirected, or on a
/// pseudo-terminal made by <c>script</c> (util-linux), which merges stdout and stderr as a terminal shows them.
/// </summary>
public static class Tool
{
    public const int TerminalColumns = 120;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>The variables that change how the tool looks, cleared so the tests' own terminal does not leak in.</summary>
    private static readonly string[] OutputVariables = ["NO_COLOR", "TERM", "SUMMON_REPOSITORY", "SUMMON_TRUSTED_ROOT", "SUMMON_CACHE_DIR"];

    public static Task<ProcessResult> RunAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(ToolPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        Configure(start, environment);
        return SampleApps.RunAsync(start, Timeout);
    }

    /// <summary>Runs the tool with stdout and stderr on one pseudo-terminal; the result's output is what the terminal received.</summary>
    public static Task<ProcessResult> RunOnTerminalAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("script");
        // -q no banner, -f flush as written, -e the tool's exit code, -c the command; /dev/null: no typescript file.
        start.ArgumentList.Add("-qfec");
        // A terminal nobody sized reports 0 columns; this one is as wide as a common window, so lines fit.
        start.ArgumentList.Add($"stty cols {TerminalColumns} rows 40 && " + string.Join(' ', new[] { "dotnet", ToolPath }.Concat(arguments).Select(ShellQuote)));
        start.ArgumentList.Add("/dev/null");
        // Never the test runner's own terminal: script would read keys from it.
        start.RedirectStandardInput = true;
        Configure(start, environment);
        return SampleApps.RunAsync(start, Timeout);
    }

    private static string ToolPath => Path.Combine(AppContext.BaseDirectory, "summon-tool", "Summon.Cli.dll");

    private static void Configure(ProcessStartInfo start, IReadOnlyDictionary<string, string?>? environment)
    {
        foreach (var name in OutputVariables)
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }
    }

    private static string ShellQuote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
