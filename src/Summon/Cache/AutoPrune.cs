namespace Summon.Cache;

/// <summary>
/// Pruning without a command, for applications that ask for it (<see cref="SummonOptions.PruneUnusedAfter"/>): at most
/// once a day per cache, decided by the time of a stamp file (one stat per process), done on the thread pool so no
/// load waits for it.
/// </summary>
internal static class AutoPrune
{
    private static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    public static Task StartIfDue(ModuleStore store, TimeSpan unusedFor, Func<string, string, bool> keep, Action<string>? log)
    {
        var stamp = Path.Combine(store.Root, "v1", "last-prune");
        if (DateTime.UtcNow - (File.Exists(stamp) ? File.GetLastWriteTimeUtc(stamp) : DateTime.MinValue) < Interval)
        {
            return Task.CompletedTask;
        }
        return Task.Run(() =>
        {
            try
            {
                CacheLocation.CreatePrivateDirectory(Path.GetDirectoryName(stamp)!);
                // Stamped first: of several processes starting at once, most see a fresh stamp and do nothing; a second prune is harmless anyway.
                AtomicFile.WriteText(stamp, DateTime.UtcNow.ToString("O"));
                var result = CachePruner.Prune(store, unusedFor, keep);
                if (result.Removed.Count > 0)
                {
                    log?.Invoke($"summon: pruned {result.Removed.Count} module versions unused for {unusedFor.TotalDays:0.#} days ({result.Removed.Sum(r => r.Bytes) >> 20} MB)");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log?.Invoke($"summon: automatic pruning of {store.Root} failed ({e.Message}); the cache still works");
            }
        });
    }
}
