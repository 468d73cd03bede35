namespace Summon.Diagnostics;

/// <summary>
/// The names to subscribe to Summon's telemetry by: a <see cref="System.Diagnostics.Metrics.Meter"/> (OpenTelemetry's
/// <c>AddMeter</c>, <c>dotnet-counters monitor --counters Summon</c>), an <see cref="System.Diagnostics.Tracing.EventSource"/>
/// with event counters, and an <see cref="System.Diagnostics.ActivitySource"/> (OpenTelemetry's <c>AddSource</c>) with a
/// span for each metadata refresh and each file download. docs/observability.md lists the instruments and tags.
/// </summary>
public static class SummonDiagnostics
{
    /// <summary>The name of Summon's meter: counters of cache hits and misses, bytes downloaded, metadata refreshes, and a histogram of download times.</summary>
    public const string MeterName = "Summon";

    /// <summary>The name of Summon's event source, whose event counters carry the same numbers as the meter.</summary>
    public const string EventSourceName = "Summon";

    /// <summary>The name of Summon's activity source: spans <c>summon.refresh</c> and <c>summon.download</c>.</summary>
    public const string ActivitySourceName = "Summon";
}
