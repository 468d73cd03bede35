namespace Summon.Cache;

/// <summary>
/// Removes what killed processes left behind: staging folders of installs that never published, and folders renamed
/// aside for deletion (<c>.trash-*</c>) whose deletion never finished. An install's staging folder is named after its
/// module version, and the install holds that version's lock throughout, so a staging folder whose lock can be taken
/// belongs to nobody; age is the second guard, for the short moment between creating a folder and using it.
/// </summary>
internal static class StagingSweeper
{
    private const char GuidSeparator = '~';

    /// <summary>A fresh staging folder name: <c>&lt;id&gt;@&lt;version&gt;~&lt;guid&gt;</c>.</summary>
    public static string StagingName(string moduleId, string version) => $"{moduleId}@{version}{GuidSeparator}{Guid.NewGuid():N}";

    /// <summary>Deletes leftovers older than <paramref name="minimumAge"/> that no live process owns; returns how many.</summary>
    public static int Sweep(ModuleStore store, TimeSpan minimumAge)
    {
        var removed = 0;
        var cutoff = DateTime.UtcNow - minimumAge;
        if (Directory.Exists(store.StagingDirectory))
        {
            foreach (var entry in new DirectoryInfo(store.StagingDirectory).EnumerateFileSystemInfos())
            {
                if (entry.LastWriteTimeUtc > cutoff)
                {
                    continue;
                }
                if (ParseOwner(entry.Name) is var (id, version))
                {
                    using var held = store.TryLockEntry(id, version);
                    if (held is null)
                    {
                        continue;
                    }
                    ModuleStore.DeleteQuietly(entry.FullName);
                }
                else if (entry is DirectoryInfo)
                {
                    ModuleStore.DeleteQuietly(entry.FullName);
                }
                else
                {
                    // A temporary file (lazy files, index entries) of some process; age alone decides.
                    try
                    {
                        entry.Delete();
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        continue;
                    }
                }
                removed++;
            }
        }
        foreach (var trash in store.TrashDirectories())
        {
            if (Directory.GetLastWriteTimeUtc(trash) <= cutoff)
            {
                ModuleStore.DeleteQuietly(trash);
                removed++;
            }
        }
        return removed;
    }

    /// <summary>
    /// Deletes every staging folder of one module version, whatever its age: the caller holds that version's lock, so
    /// no live install owns them (they are what killed installs left).
    /// </summary>
    public static void SweepDeadInstalls(ModuleStore store, string moduleId, string version)
    {
        if (!Directory.Exists(store.StagingDirectory))
        {
            return;
        }
        foreach (var leftover in Directory.EnumerateDirectories(store.StagingDirectory, $"{moduleId}@{version}{GuidSeparator}*"))
        {
            ModuleStore.DeleteQuietly(leftover);
        }
    }

    /// <summary>The module version an install's staging folder belongs to, or null for other leftovers.</summary>
    private static (string Id, string Version)? ParseOwner(string name)
    {
        var separator = name.LastIndexOf(GuidSeparator);
        var at = name.IndexOf('@', StringComparison.Ordinal);
        return separator > 0 && at > 0 && at < separator && Modules.ModuleId.IsValid(name[..at])
            ? (name[..at], name[(at + 1)..separator])
            : null;
    }
}
