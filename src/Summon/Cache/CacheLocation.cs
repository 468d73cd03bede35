using System.Runtime.InteropServices;

namespace Summon.Cache;

/// <summary>
/// Where the per-user cache lives: the place each operating system sets aside for caches, unless
/// <c>SUMMON_CACHE_DIR</c> (or an explicit option) says otherwise.
/// </summary>
internal static class CacheLocation
{
    public const string OverrideVariable = "SUMMON_CACHE_DIR";

    public static string Resolve(string? explicitDirectory = null, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
        {
            return Path.GetFullPath(explicitDirectory);
        }
        if (environment(OverrideVariable) is { Length: > 0 } overridden)
        {
            return Path.GetFullPath(overridden);
        }
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            var localAppData = environment("LOCALAPPDATA") is { Length: > 0 } l ? l : Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            return Path.Combine(localAppData, "summon", "cache");
        }
        var home = environment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
        {
            return Path.Combine(home, "Library", "Caches", "summon");
        }
        // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
        if (environment("XDG_CACHE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "summon");
        }
        return Path.Combine(home, ".cache", "summon");
    }

    /// <summary>Creates a directory (and its parents) readable only by the current user on Unix.</summary>
    public static DirectoryInfo CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return Directory.CreateDirectory(path);
        }
        return Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
