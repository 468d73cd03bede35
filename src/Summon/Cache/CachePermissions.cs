namespace Summon.Cache;

/// <summary>
/// Refuses a cache another user could write to: whoever can write into it can plant code the application will load.
/// Checked on the cache root (one system call on Linux) once per process and root, and once by the warm path; never per load.
/// </summary>
internal static class CachePermissions
{
    // Roots found private. Only the owner (this user) can change a root's mode afterwards and only root its owner, so a
    // process that makes a Summoner per import (one stat and one geteuid each, a tenth of a warm import's cost over the
    // load itself) checks each once; a Summoner kept for the process's life never checked more often.
    private static readonly HashSet<string> KnownPrivate = new(StringComparer.Ordinal);

    /// <summary>The permission bits that make a cache unsafe: anyone but its owner could change what it loads.</summary>
    internal const UnixFileMode GroupOrOthersWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    // A uid with no passwd entry (containers, `setpriv`) has no name; chown takes the number as well.
    private static string CurrentUserForChown =>
        Environment.UserName is { Length: > 0 } name ? name : UnixOwner.CurrentUserId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "$(id -u)";

    /// <summary>The per-user cache, if it exists: owned by the current user, writable by nobody else.</summary>
    /// <returns>Whether <paramref name="root"/> exists (or was found private before in this process).</returns>
    /// <exception cref="SummonConfigurationException">It is not private.</exception>
    public static bool RequirePrivate(string root)
    {
        if (OperatingSystem.IsWindows())
        {
            return Directory.Exists(root);
        }
        lock (KnownPrivate)
        {
            if (KnownPrivate.Contains(root))
            {
                return true;
            }
        }
        bool? owned;
        UnixFileMode mode;
        if (UnixOwner.TryStat(root, out var owner, out mode))
        {
            owned = owner == UnixOwner.CurrentUserId;
        }
        else if (!Directory.Exists(root))
        {
            return false;
        }
        else
        {
            (owned, mode) = (UnixOwner.IsOwnedByCurrentUser(root), File.GetUnixFileMode(root));
        }
        if (owned == false)
        {
            throw new SummonConfigurationException(
                $"The Summon cache {root} belongs to another user, who could change the code this application loads, so it is not used. Run `chown -R {CurrentUserForChown} {root}` (or remove it), or set SUMMON_CACHE_DIR to a folder of your own.");
        }
        if ((mode & GroupOrOthersWrite) != 0)
        {
            throw new SummonConfigurationException(
                $"The Summon cache {root} can be written by other users (mode {Octal(mode)}), who could change the code this application loads, so it is not used. Run `chmod 700 {root}`, or set SUMMON_CACHE_DIR to a private folder.");
        }
        lock (KnownPrivate)
        {
            KnownPrivate.Add(root);
        }
        return true;
    }

    /// <summary>A shared, read-only layer prepared by an administrator: any owner, but not writable by every user.</summary>
    /// <exception cref="SummonConfigurationException">Others can write to it.</exception>
    public static void RequireNotWorldWritable(string root)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(root))
        {
            return;
        }
        var mode = File.GetUnixFileMode(root);
        if ((mode & UnixFileMode.OtherWrite) != 0)
        {
            throw new SummonConfigurationException(
                $"The shared Summon cache {root} (SUMMON_SHARED_CACHE) can be written by every user (mode {Octal(mode)}), so it is not used. Its administrator should run `chmod o-w {root}`, or unset SUMMON_SHARED_CACHE.");
        }
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
