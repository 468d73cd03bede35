using System.Runtime.InteropServices;

namespace Summon.Cache;

/// <summary>
/// Who owns a path, and who we are, on Unix. The base library reads a file's mode but not its owner, and no package
/// is worth adding to the core for two numbers, so this calls libc directly: <c>geteuid</c> (no arguments, same on
/// every Unix) and, on Linux, <c>statx</c>, whose struct layout is fixed across architectures (unlike <c>stat</c>'s).
/// Elsewhere (macOS) ownership is tested without reading it: only a path's owner (or root) may chmod it.
/// </summary>
internal static class UnixOwner
{
    /// <summary>The effective user id, or null on Windows.</summary>
    public static uint? CurrentUserId => OperatingSystem.IsWindows() ? null : geteuid();

    /// <summary>
    /// Whether the current user owns <paramref name="path"/>; null when it cannot be told. Root counts as the owner of
    /// nothing but its own: a root process must not adopt a cache another user controls.
    /// </summary>
    public static bool? IsOwnedByCurrentUser(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }
        if (TryStat(path, out var owner, out _))
        {
            return owner == geteuid();
        }
        if (geteuid() == 0)
        {
            return null;
        }
        try
        {
            // chmod to the mode it already has: a no-op for the owner, EPERM for anyone else.
            File.SetUnixFileMode(path, File.GetUnixFileMode(path));
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// The owner's uid and the permissions from one <c>statx</c> (Linux), following symlinks (a cache root may be a link
    /// to a bigger disk: its target is what counts); false if the path does not exist or the call is unavailable.
    /// </summary>
    public static bool TryStat(string path, out uint owner, out UnixFileMode mode)
    {
        (owner, mode) = (0, 0);
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        var buffer = new byte[256];
        try
        {
            const int AtFdCwd = -100, StatxMode = 0x2, StatxUid = 0x8;
            if (statx(AtFdCwd, path, 0, StatxMode | StatxUid, buffer) != 0)
            {
                return false;
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
        // struct statx: stx_mask, stx_blksize (u32), stx_attributes (u64), stx_nlink, stx_uid, stx_gid (u32), stx_mode (u16).
        owner = BitConverter.ToUInt32(buffer, 20);
        mode = (UnixFileMode)(BitConverter.ToUInt16(buffer, 28) & 0xFFF);
        return true;
    }

    // DllImport rather than LibraryImport: the source-generated form needs unsafe code enabled for the whole assembly.
    [DllImport("libc")]
    private static extern uint geteuid();

    [DllImport("libc")]
    private static extern int statx(int directoryFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
}
