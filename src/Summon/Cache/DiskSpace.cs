namespace Summon.Cache;

/// <summary>Recognises "the disk is full" among I/O failures, and says so in terms a user can act on.</summary>
internal static class DiskSpace
{
    // ENOSPC and EDQUOT (Linux 28 / 122, macOS 28 / 69); ERROR_HANDLE_DISK_FULL and ERROR_DISK_FULL on Windows.
    private static readonly int[] Codes = OperatingSystem.IsWindows() ? [39, 112] : OperatingSystem.IsMacOS() ? [28, 69] : [28, 122];

    /// <summary>Whether <paramref name="exception"/>, or anything it wraps, is the file system running out of space.</summary>
    public static bool IsOutOfSpace(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is IOException && Codes.Contains(e.HResult & 0xFFFF))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The error for an install that ran out of space; nothing of it was kept.</summary>
    public static SummonException OutOfSpace(string cacheRoot, string what, long neededBytes, Exception cause)
    {
        var free = FreeBytes(cacheRoot);
        var needMb = Math.Max(1, (neededBytes - (free ?? 0) + (1 << 20) - 1) >> 20);
        return new SummonException(
            $"No space left on the file system of the cache {cacheRoot} while installing {what} ({neededBytes >> 20} MB"
            + (free is { } f ? $", {f >> 20} MB free" : "")
            + $"); nothing partial was kept and the versions already cached still load. Free {needMb} MB or more there (`summon cache prune` removes versions not used lately), or set SUMMON_CACHE_DIR to a folder on a bigger disk.",
            cause);
    }

    private static long? FreeBytes(string path)
    {
        try
        {
            return new DriveInfo(Path.GetFullPath(path)).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
