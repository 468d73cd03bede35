namespace Summon.Cache;

/// <summary>
/// Joins a relative path recorded in the cache to the folder it belongs to, and refuses any that would land outside
/// it (<c>..</c>, an absolute path, a drive letter). Module paths are validated when a manifest is read; this is the
/// store's own check, so that a tampered install record cannot point a load or a write anywhere else.
/// </summary>
internal static class ContainedPath
{
    /// <summary>The full path of <paramref name="relativePath"/> under <paramref name="directory"/>, or null if it escapes.</summary>
    public static string? TryCombine(string directory, string relativePath)
    {
        if (relativePath.Length == 0 || Path.IsPathRooted(relativePath) || relativePath.Contains(':') || relativePath.Contains('\0'))
        {
            return null;
        }
        var root = Path.GetFullPath(directory);
        var combined = Path.GetFullPath(Path.Combine(root, relativePath.Replace('/', Path.DirectorySeparatorChar)));
        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return combined.StartsWith(prefix, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal) ? combined : null;
    }

    /// <summary><see cref="TryCombine"/>, throwing when the path escapes.</summary>
    /// <exception cref="SummonException">The path would leave <paramref name="directory"/>.</exception>
    public static string Combine(string directory, string relativePath) => TryCombine(directory, relativePath)
        ?? throw new SummonException($"The cache refused the path '{relativePath}': it would lead outside {directory}. The cache entry is damaged or was tampered with; run `summon cache verify` to remove it.");
}
