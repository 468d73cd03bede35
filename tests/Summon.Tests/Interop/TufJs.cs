using System.ComponentModel;
using System.Diagnostics;
using QuickStart;

namespace Summon.Tests.Interop;

/// <summary>
/// Runs the scripts of <c>tests/interop</c> with node: tuf-js 4.1.0 and @tufjs/models, an implementation of TUF
/// written independently of Summon. Missing node or node_modules fails the test with what to run: an
/// interoperability test that skips itself proves nothing.
/// </summary>
internal static class TufJs
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static string InteropDirectory { get; } = Path.Combine(SampleApps.SourceRoot, "tests", "interop");

    public static async Task<ProcessResult> RunAsync(string script, params string[] arguments)
    {
        if (!File.Exists(Path.Combine(InteropDirectory, "node_modules", "tuf-js", "package.json")))
        {
            throw new InvalidOperationException(
                $"{InteropDirectory}/node_modules is missing, so tuf-js cannot run: run `npm ci --prefix tests/interop` from the repository root (./test.sh does it).");
        }
        var start = new ProcessStartInfo("node") { WorkingDirectory = InteropDirectory };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            return await SampleApps.RunAsync(start, Timeout);
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("node is not installed (or not on PATH), so tuf-js cannot run: install Node.js 20 or later (./test.sh does it when run as root).", e);
        }
    }

    /// <summary>Runs a script and fails the test with everything it printed unless it exits 0.</summary>
    public static async Task<string> RunToSuccessAsync(string script, params string[] arguments)
    {
        var result = await RunAsync(script, arguments);
        Assert.True(result.ExitCode == 0, $"node {script} exited {result.ExitCode}:\n{result.Output}");
        return result.StandardOutput;
    }
}
