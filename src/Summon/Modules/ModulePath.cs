namespace Summon.Modules;

/// <summary>
/// Relative paths inside a module come from the repository; a path that could escape the module's folder
/// (<c>..</c>, a rooted path, a drive letter, a backslash that Windows would read as a separator) is refused.
/// </summary>
internal static class ModulePath
{
    public static bool IsSafeRelative(string path)
    {
        if (string.IsNullOrEmpty(path) || path.Length > 1024 || path.Contains('\\') || path.Contains(':') || path.Contains('\0'))
        {
            return false;
        }
        if (path.StartsWith('/'))
        {
            return false;
        }
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                return false;
            }
        }
        return true;
    }
}
