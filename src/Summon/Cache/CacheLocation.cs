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

    private const UnixFileMode PrivateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// Creates a directory, and each missing parent, readable only by the current user on Unix. Directories that
    /// already exist keep their mode: a user's own choice for a parent is not ours to change.
    /// </summary>
    public static DirectoryInfo CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return Directory.CreateDirectory(path);
        }
        var missing = new Stack<string>();
        for (var current = Path.GetFullPath(path); !Directory.Exists(current); current = Path.GetDirectoryName(current)!)
        {
            missing.Push(current);
        }
        while (missing.TryPop(out var directory))
        {
            // Directory.CreateDirectory applies the mode only to the last directory, so each level is made on its own.
            Directory.CreateDirectory(directory, PrivateMode);
        }
        return new DirectoryInfo(path);
    }
}
