using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Summon.Diagnostics;

/// <summary>
/// Summon's meter, event source and activity source. They are built on first need, never for a cache hit: by any
/// operation that goes to the network, or by <see cref="Start"/> (which the hosting integration calls). The
/// observable counters report the totals in <see cref="SummonCounters"/>, so hits counted before the meter existed
/// are not lost.
/// </summary>
internal static class SummonTelemetry
{
    private static int started;

    public static ActivitySource Activities
    {
        get
        {
            Start();
            return Instruments.Activities;
        }
    }

    /// <summary>Marks a span failed with what went wrong, as OpenTelemetry's exception convention names it.</summary>
    public static void RecordError(Activity? activity, Exception error)
    {
        if (activity is null)
        {
            return;
        }
        activity.SetStatus(ActivityStatusCode.Error, error.Message);
        activity.AddEvent(new ActivityEvent("exception", tags: new ActivityTagsCollection
        {
            ["exception.type"] = error.GetType().FullName,
            ["exception.message"] = error.Message,
        }));
    }

    /// <summary>Builds the meter and the event source once; later calls cost one read.</summary>
    public static void Start()
    {
        if (Volatile.Read(ref started) == 0 && Interlocked.Exchange(ref started, 1) == 0)
        {
            Instruments.Create();
        }
    }

    /// <summary>Records how long one file took; builds the instruments first if nothing else has.</summary>
    public static void RecordDownload(TimeSpan elapsed, string moduleId)
    {
        Start();
        Instruments.DownloadDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("summon.module", moduleId));
    }

    /// <summary>Holds the instruments; a class of its own so that nothing is built before <see cref="Create"/>.</summary>
    private static class Instruments
    {
        public static readonly ActivitySource Activities = new(SummonDiagnostics.ActivitySourceName, typeof(SummonTelemetry).Assembly.GetName().Version?.ToString(3));

        private static readonly Meter Meter = new(SummonDiagnostics.MeterName, typeof(SummonTelemetry).Assembly.GetName().Version?.ToString(3));

        public static readonly Histogram<double> DownloadDuration = Meter.CreateHistogram<double>("summon.download.duration", "s", "How long downloading and verifying one module file took.");

        public static void Create()
        {
            Meter.CreateObservableCounter("summon.cache.hits", () => SummonCounters.CacheHits, "{import}", "Imports the cache answered without the network.");
            Meter.CreateObservableCounter("summon.cache.misses", () => SummonCounters.CacheMisses, "{import}", "Imports that had to go to the repository.");
            Meter.CreateObservableCounter("summon.download.bytes", () => SummonCounters.BytesDownloaded, "By", "Bytes of module files downloaded.");
            Meter.CreateObservableCounter("summon.download.files", () => SummonCounters.FilesDownloaded, "{file}", "Module files downloaded and verified.");
            Meter.CreateObservableCounter("summon.download.failures", () => SummonCounters.DownloadFailures, "{file}", "Module file downloads that failed.");
            Meter.CreateObservableCounter("summon.metadata.refreshes", () => SummonCounters.MetadataRefreshes, "{refresh}", "Refreshes of the repository's signed metadata.");
            _ = SummonEventSource.Log;
        }
    }
}
