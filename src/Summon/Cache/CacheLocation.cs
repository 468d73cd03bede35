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
            return FullPath(explicitDirectory);
        }
        if (environment(OverrideVariable) is { Length: > 0 } overridden)
        {
            return FullPath(overridden);
        }
        if (OperatingSystem.IsWindows())
        {
            var localAppData = environment("LOCALAPPDATA") is { Length: > 0 } l ? l : Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            return Path.Combine(localAppData, "summon", "cache");
        }
        var home = environment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (OperatingSystem.IsMacOS())
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

    /// <summary>
    /// <see cref="Path.GetFullPath(string)"/>, except that an absolute Unix path with nothing to normalize is returned as
    /// it is: the warm start resolves the cache root while the process starts, where the first normalization costs
    /// a few hundred microseconds of one-time setup.
    /// </summary>
    private static string FullPath(string path) => !OperatingSystem.IsWindows() && IsNormalizedAbsolute(path) ? path : Path.GetFullPath(path);

    /// <summary>
    /// Whether <see cref="Path.GetFullPath(string)"/> would return a Unix path unchanged: it starts with <c>/</c>, and no
    /// segment is empty, <c>.</c> or <c>..</c> (so no doubled or trailing separator).
    /// </summary>
    internal static bool IsNormalizedAbsolute(string path)
    {
        if (path.Length < 2 || path[0] != '/' || path[^1] == '/')
        {
            return false;
        }
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '\0')
            {
                return false;
            }
            if (path[i] == '/' && IsEmptyOrDotSegment(path, i + 1))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsEmptyOrDotSegment(string path, int start)
    {
        var end = start;
        while (end < path.Length && path[end] != '/')
        {
            end++;
        }
        var length = end - start;
        return length == 0 || (path[start] == '.' && (length == 1 || (length == 2 && path[start + 1] == '.')));
    }

    /// <summary>
    /// <see cref="Resolve"/>, except that when the default folder cannot be created (a read-only or missing home, as in
    /// some containers and services) the cache moves to a per-user folder under the temporary folder, with a warning:
    /// an application still runs, at the price of fetching again after a reboot. A folder named explicitly is never replaced.
    /// </summary>
    public static string ResolveUsable(string? explicitDirectory, Func<string, string?>? environment, Action<string>? log)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var resolved = Resolve(explicitDirectory, environment);
        if (!string.IsNullOrWhiteSpace(explicitDirectory) || environment(OverrideVariable) is { Length: > 0 } || Directory.Exists(resolved))
        {
            return resolved;
        }
        try
        {
            CreatePrivateDirectory(resolved);
            return resolved;
        }
        catch (Exception e) when (e is IOException or SummonConfigurationException)
        {
            var temporary = environment("TMPDIR") is { Length: > 0 } t && Path.IsPathRooted(t) ? t : Path.GetTempPath();
            // Named by uid rather than user name: names can be reused or contain anything, uids are what the kernel checks.
            var fallback = Path.Combine(temporary, $"summon-{UnixOwner.CurrentUserId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Environment.UserName}");
            CreatePrivateDirectory(fallback);
            log?.Invoke($"summon: warning: the cache folder {resolved} cannot be created ({(e.InnerException ?? e).Message}); using {fallback} instead, which may be emptied at reboot. Set SUMMON_CACHE_DIR to a writable folder to keep modules across reboots.");
            return fallback;
        }
    }

    private const UnixFileMode PrivateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// Creates a directory, and each missing parent, readable only by the current user on Unix. Directories that
    /// already exist keep their mode: a user's own choice for a parent is not ours to change.
    /// </summary>
    /// <exception cref="SummonConfigurationException">The user may not create it.</exception>
    public static DirectoryInfo CreatePrivateDirectory(string path)
    {
        try
        {
            return CreatePrivateDirectoryLevels(path);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new SummonConfigurationException(
                $"Summon cannot create {path}: permission denied. Give your user write access to that folder's parent, or set SUMMON_CACHE_DIR to a folder of your own.", e);
        }
    }

    private static DirectoryInfo CreatePrivateDirectoryLevels(string path)
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
