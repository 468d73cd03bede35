namespace Summon.Cache;

/// <summary>What <c>summon cache prune</c> removed and kept.</summary>
internal sealed record PruneResult(IReadOnlyList<(string Id, string Version, long Bytes)> Removed, int Kept, int LeftoversRemoved);

/// <summary>
/// Keeps the cache from growing forever: removes module versions not loaded for a while (see
/// <see cref="ModuleStore.MarkUsed"/>), except those an application's lock file names and those whose lock another
/// process holds (an install or repair in progress). Removal is a rename out of the cache, so a process that has the
/// files open keeps reading them.
/// </summary>
internal static class CachePruner
{
    public static PruneResult Prune(ModuleStore store, TimeSpan unusedFor, Func<string, string, bool> keep)
    {
        var cutoff = DateTime.UtcNow - unusedFor;
        var removed = new List<(string, string, long)>();
        var kept = 0;
        foreach (var installed in store.ListInstalled().ToList())
        {
            if (keep(installed.Id, installed.Version) || store.LastUsedUtc(installed) > cutoff)
            {
                kept++;
                continue;
            }
            using var held = store.TryLockEntry(installed.Id, installed.Version);
            if (held is null)
            {
                kept++;
                continue;
            }
            store.Remove(installed.Id, installed.Version);
            removed.Add((installed.Id, installed.Version, installed.TotalBytes));
        }
        return new PruneResult(removed, kept, StagingSweeper.Sweep(store, TimeSpan.FromHours(1)));
    }
}
