using System.Diagnostics;
using QuickStart;
using Summon.Cache;

namespace Summon.Tests.Cache;

/// <summary>A cache the user may not write is a configuration error (exit 2) that says what to do, not a raw system error.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CachePermissionErrorTests : IDisposable
{
    private const UnixFileMode ReadAndEnter = UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead
        | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly string workspace = Directory.CreateTempSubdirectory("summon-perm-").FullName;

    [LinuxFact]
    public async Task A_cache_folder_the_user_cannot_create_fails_with_exit_2_and_advice()
    {
        var locked = Directory.CreateDirectory(Path.Combine(workspace, "locked")).FullName;
        File.SetUnixFileMode(workspace, ReadAndEnter | UnixFileMode.UserWrite);
        File.SetUnixFileMode(locked, ReadAndEnter);

        var result = await RunToolAsUnprivilegedUserAsync(Path.Combine(locked, "cache"), "prefetch", "acme.pdf", "--repository", "http://127.0.0.1:9/");

        Assert.True(result.ExitCode == 2, result.Output);
        Assert.Contains("permission denied", result.StandardError);
        Assert.Contains("SUMMON_CACHE_DIR", result.StandardError);
        Assert.DoesNotContain("   at ", result.Output);
    }

    /// <summary>
    /// Root may write anywhere, so as root (CI) the tool runs as <c>nobody</c> through util-linux's setpriv, from a copy
    /// in the workspace that <c>nobody</c> can read.
    /// </summary>
    private async Task<ProcessResult> RunToolAsUnprivilegedUserAsync(string cacheDirectory, params string[] arguments)
    {
        var tool = Path.Combine(workspace, "tool");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "summon-tool")))
        {
            Directory.CreateDirectory(tool);
            File.Copy(file, Path.Combine(tool, Path.GetFileName(file)));
        }
        var root = UnixOwner.CurrentUserId == 0;
        var start = new ProcessStartInfo(root ? "setpriv" : "dotnet");
        if (root)
        {
            foreach (var argument in new[] { "--reuid", "65534", "--regid", "65534", "--clear-groups", "dotnet" })
            {
                start.ArgumentList.Add(argument);
            }
        }
        start.ArgumentList.Add(Path.Combine(tool, "Summon.Cli.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var trustedRoot = Path.Combine(workspace, "root.json");
        File.WriteAllText(trustedRoot, "{}");
        start.ArgumentList.Add("--trusted-root");
        start.ArgumentList.Add(trustedRoot);
        start.Environment["SUMMON_CACHE_DIR"] = cacheDirectory;
        start.Environment["HOME"] = workspace;
        start.Environment["DOTNET_CLI_HOME"] = workspace;
        start.Environment["SUMMON_REPOSITORY"] = null;
        start.Environment["SUMMON_TRUSTED_ROOT"] = null;
        return await SampleApps.RunAsync(start, TimeSpan.FromMinutes(2));
    }

    public void Dispose()
    {
        File.SetUnixFileMode(workspace, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var directory in Directory.EnumerateDirectories(workspace, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        Directory.Delete(workspace, recursive: true);
    }
}
