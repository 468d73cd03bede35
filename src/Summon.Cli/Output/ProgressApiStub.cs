// TEMPORARY until h-diag lands: not committed.
namespace Summon;

public readonly record struct DownloadProgress(string ModuleId, string Version, string File, long FileBytesReceived, long FileLength, int FilesCompleted, int FilesTotal, long BytesReceived, long BytesTotal);

internal static class ProgressStubs
{
    public static Task<ModuleInfo> PrefetchAsync(this Summoner s, string m, bool all, IProgress<DownloadProgress>? p, CancellationToken ct) => s.PrefetchAsync(m, all, ct);
    public static Task<IReadOnlyList<ModuleInfo>> UpdateAsync(this Summoner s, string? m, IProgress<DownloadProgress>? p, CancellationToken ct) => s.UpdateAsync(m, ct);
    public static Task<Modules.LockFile> LockAsync(this Summoner s, IProgress<DownloadProgress>? p, CancellationToken ct) => s.LockAsync(ct);
}
