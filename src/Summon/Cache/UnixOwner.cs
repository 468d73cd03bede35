using System.Runtime.InteropServices;

namespace Summon.Cache;

/// <summary>
/// Who owns a path, and who we are, on Unix. The base library reads a file's mode but not its owner, and no package
/// is worth adding to the core for two numbers, so this calls libc directly: <c>geteuid</c> (no arguments, same on
/// every Unix) and, on Linux, <c>statx</c> through <see cref="LinuxCalls"/>.
/// Elsewhere (macOS) ownership is tested without reading it: only a path's owner (or root) may chmod it.
/// </summary>
internal static class UnixOwner
{
    /// <summary>The effective user id, or null on Windows.</summary>
    public static uint? CurrentUserId => OperatingSystem.IsWindows() ? null : EffectiveUserId();

    // Through LinuxCalls where it works, so a process binds one C library, not the same one under two names: resolving
    // a library's name is most of a first P/Invoke's cost (about 0.15 ms, measured in a ReadyToRun process).
    private static uint EffectiveUserId() => LinuxCalls.Available ? LinuxCalls.EffectiveUserId() : geteuid();

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
            return owner == EffectiveUserId();
        }
        if (EffectiveUserId() == 0)
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
    /// The owner's uid and the permissions from one <c>statx</c> (<see cref="LinuxCalls"/>), following symlinks (a cache
    /// root may be a link to a bigger disk: its target is what counts); false if the path does not exist or the call is unavailable.
    /// </summary>
    public static bool TryStat(string path, out uint owner, out UnixFileMode mode)
    {
        var stamp = LinuxCalls.Available ? LinuxCalls.Stat(path, followLinks: true) : default;
        (owner, mode) = (stamp.Owner, stamp.Mode);
        return stamp.Kind != FileStampKind.Absent;
    }

    // "libc" rather than glibc's "libc.so.6" (LinuxCalls): the runtime resolves this name on macOS and musl too.
    [DllImport("libc")]
    private static extern uint geteuid();
}
