using System.Diagnostics;

namespace QuickStart;

/// <summary>The result of running a process to its end.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => StandardOutput + StandardError;
}

/// <summary>
/// Builds the sample host application and module with the real SDK, and runs the host as a real process.
/// The quick start and the end-to-end tests share it.
/// </summary>
public static class SampleApps
{
    public const string ModuleId = "acme.extra";
    public const string ModuleAssembly = "Acme.Extra";

    /// <summary>The repository's root folder, found from this program's location.</summary>
    public static string SourceRoot { get; } = FindSourceRoot();

    /// <summary>Publishes the host into <paramref name="outputDirectory"/>, as it would ship; the module stays out of it.</summary>
    public static Task BuildHostAsync(string outputDirectory) =>
        DotnetAsync("publish", Path.Combine(SourceRoot, "samples", "HostApp", "HostApp.csproj"), "-c", "Release", "-o", outputDirectory, "-nologo", "-v", "q");

    /// <summary>Builds one version of the module into <paramref name="outputDirectory"/>.</summary>
    public static Task BuildModuleAsync(string version, string outputDirectory) =>
        DotnetAsync("build", Path.Combine(SourceRoot, "samples", "Acme.Extra", "Acme.Extra.csproj"), "-c", "Release", "-o", outputDirectory, "-nologo", "-v", "q",
            $"-p:Version={version}", $"-p:IntermediateOutputPath=obj/v{version}/");

    /// <summary>Runs the built host with the given environment; bounded so a hang fails instead of waiting forever.</summary>
    public static async Task<ProcessResult> RunHostAsync(string hostDirectory, IReadOnlyDictionary<string, string?> environment, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = hostDirectory };
        start.ArgumentList.Add(Path.Combine(hostDirectory, "HostApp.dll"));
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        return await RunAsync(start, timeout ?? TimeSpan.FromMinutes(2));
    }

    public static async Task<ProcessResult> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}.");
        }
        return new ProcessResult(process.ExitCode, await output, await error);
    }

    /// <summary>Runs <c>dotnet</c> with arguments and fails with its output if it fails.</summary>
    public static Task DotnetAsync(params string[] arguments) => DotnetAsync(new Dictionary<string, string?>(), arguments);

    /// <summary>Runs <c>dotnet</c> with arguments and these environment variables; fails with its output if it fails.</summary>
    public static async Task DotnetAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // A build server outliving the build would keep test and CI runs from ending.
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["UseSharedCompilation"] = "false";
        var result = await RunAsync(start, TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed:\n{result.Output}");
        }
    }

    private static string FindSourceRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Summon.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"Summon.slnx not found above {AppContext.BaseDirectory}; run from a clone of the Summon repository.");
    }
}
