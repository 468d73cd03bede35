using System.Diagnostics.Tracing;

namespace Summon.Diagnostics;

/// <summary>
/// Summon's event counters, for <c>dotnet-counters monitor --counters Summon</c> and any <see cref="EventListener"/>.
/// The counters exist only while someone listens; each reads <see cref="SummonCounters"/> when polled.
/// </summary>
[EventSource(Name = SummonDiagnostics.EventSourceName)]
internal sealed class SummonEventSource : EventSource
{
    private readonly List<DiagnosticCounter> counters = [];

    private SummonEventSource()
    {
    }

    public static SummonEventSource Log { get; } = new();

    protected override void OnEventCommand(EventCommandEventArgs command)
    {
        if (command.Command != EventCommand.Enable)
        {
            return;
        }
        lock (counters)
        {
            if (counters.Count > 0)
            {
                return;
            }
            counters.Add(new IncrementingPollingCounter("cache-hits", this, () => SummonCounters.CacheHits) { DisplayName = "Cache hits", DisplayRateTimeScale = TimeSpan.FromSeconds(1) });
            counters.Add(new IncrementingPollingCounter("cache-misses", this, () => SummonCounters.CacheMisses) { DisplayName = "Cache misses", DisplayRateTimeScale = TimeSpan.FromSeconds(1) });
            counters.Add(new IncrementingPollingCounter("bytes-downloaded", this, () => SummonCounters.BytesDownloaded) { DisplayName = "Bytes downloaded", DisplayUnits = "B", DisplayRateTimeScale = TimeSpan.FromSeconds(1) });
            counters.Add(new IncrementingPollingCounter("files-downloaded", this, () => SummonCounters.FilesDownloaded) { DisplayName = "Files downloaded", DisplayRateTimeScale = TimeSpan.FromSeconds(1) });
            counters.Add(new IncrementingPollingCounter("download-failures", this, () => SummonCounters.DownloadFailures) { DisplayName = "Download failures", DisplayRateTimeScale = TimeSpan.FromSeconds(1) });
            counters.Add(new IncrementingPollingCounter("metadata-refreshes", this, () => SummonCounters.MetadataRefreshes) { DisplayName = "Metadata refreshes", DisplayRateTimeScale = TimeSpan.FromSeconds(1) });
            counters.Add(new PollingCounter("total-bytes-downloaded", this, () => SummonCounters.BytesDownloaded) { DisplayName = "Bytes downloaded since start", DisplayUnits = "B" });
        }
    }
}
