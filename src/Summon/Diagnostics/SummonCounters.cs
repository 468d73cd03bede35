namespace Summon.Diagnostics;

/// <summary>
/// The numbers Summon's telemetry reports, kept in plain static fields: counting a cache hit on the resolve hook's
/// warm path costs one interlocked add, and neither loads an assembly nor builds a meter. The instruments that
/// publish them (<see cref="SummonTelemetry"/>) read these fields when a listener polls.
/// </summary>
internal static class SummonCounters
{
    private static long cacheHits;
    private static long cacheMisses;
    private static long bytesDownloaded;
    private static long filesDownloaded;
    private static long downloadFailures;
    private static long metadataRefreshes;

    public static long CacheHits => Volatile.Read(ref cacheHits);

    public static long CacheMisses => Volatile.Read(ref cacheMisses);

    public static long BytesDownloaded => Volatile.Read(ref bytesDownloaded);

    public static long FilesDownloaded => Volatile.Read(ref filesDownloaded);

    public static long DownloadFailures => Volatile.Read(ref downloadFailures);

    public static long MetadataRefreshes => Volatile.Read(ref metadataRefreshes);

    public static void CacheHit() => Interlocked.Increment(ref cacheHits);

    public static void CacheMiss() => Interlocked.Increment(ref cacheMisses);

    public static void Downloaded(int bytes) => Interlocked.Add(ref bytesDownloaded, bytes);

    public static void FileDownloaded() => Interlocked.Increment(ref filesDownloaded);

    public static void DownloadFailed() => Interlocked.Increment(ref downloadFailures);

    public static void MetadataRefreshed() => Interlocked.Increment(ref metadataRefreshes);
}
