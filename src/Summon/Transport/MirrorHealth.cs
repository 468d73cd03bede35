using System.Collections.Concurrent;
using System.Diagnostics;

namespace Summon.Transport;

/// <summary>
/// Which mirrors have failed lately. A mirror that failed is tried after the healthy ones (the longest-failed
/// first) until it serves again, so one dead mirror costs its timeouts once per process, not once per file.
/// </summary>
internal sealed class MirrorHealth
{
    private readonly ConcurrentDictionary<string, long> failedAt = new(StringComparer.Ordinal);

    /// <summary>The health every fetcher in the process shares unless given its own.</summary>
    public static MirrorHealth Process { get; } = new();

    public void Failed(Uri mirror) => failedAt[mirror.AbsoluteUri] = Stopwatch.GetTimestamp();

    public void Succeeded(Uri mirror) => failedAt.TryRemove(mirror.AbsoluteUri, out _);

    public bool IsHealthy(Uri mirror) => !failedAt.ContainsKey(mirror.AbsoluteUri);

    /// <summary>The mirrors, healthy ones first in the order given, then failed ones from the longest-failed.</summary>
    public IReadOnlyList<Uri> Order(IReadOnlyList<Uri> mirrors) =>
        mirrors
            .Select((mirror, index) => (mirror, index, failed: failedAt.TryGetValue(mirror.AbsoluteUri, out var at) ? at : (long?)null))
            .OrderBy(m => m.failed is null ? 0 : 1)
            .ThenBy(m => m.failed ?? 0)
            .ThenBy(m => m.index)
            .Select(m => m.mirror)
            .ToList();
}
