using System.Diagnostics;
using Summon.Cache;

namespace Summon.Tests.CacheUnderPressure;

/// <summary>A fact that needs Linux and root (to mount a file system or give a folder away); skipped, with the reason, elsewhere.</summary>
public sealed class LinuxRootFactAttribute : FactAttribute
{
    public LinuxRootFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Linux only";
        }
        else if (UnixOwner.CurrentUserId != 0)
        {
            Skip = "needs root (run the tests as root to mount a small tmpfs or chown a folder)";
        }
    }
}

internal static class RootTools
{
    /// <summary>Runs a system command (mount, chown); returns its exit code and what it printed.</summary>
    public static (int ExitCode, string Output) Run(string command, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
