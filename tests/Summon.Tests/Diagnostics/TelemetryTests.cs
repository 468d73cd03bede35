using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Diagnostics.Tracing;
using Summon.Diagnostics;

namespace Summon.Tests.Diagnostics;

/// <summary>
/// What a metrics or tracing tool sees of Summon, in-process, against a real repository on 127.0.0.1. Other tests
/// run at the same time in this process, so counters are checked for growth and spans are picked by module.
/// </summary>
public class TelemetryTests
{
    private static readonly Dictionary<string, int> Files = new() { ["data.bin"] = 300_000, ["readme.txt"] = 1_000 };

    private static Dictionary<string, long> ReadCounters()
    {
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SummonDiagnostics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => totals[instrument.Name] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return new Dictionary<string, long>(totals);
    }

    [Fact]
    public async Task TheMeterCountsAMissWithItsBytesThenAHit()
    {
        await using var repository = await DataModuleRepository.CreateAsync();
        repository.Publish("acme.metered", "1.0.0", Files);
        var durations = new ConcurrentBag<double>();
        using var histogram = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SummonDiagnostics.MeterName && instrument.Name == "summon.download.duration")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        histogram.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "summon.module", Value: "acme.metered" })
                {
                    durations.Add(value);
                }
            }
        });
        histogram.Start();

        using (var cold = new Summoner(repository.Options()))
        {
            await cold.PrefetchAsync("acme.metered");
        }
        var afterMiss = ReadCounters();
        using (var warm = new Summoner(repository.Options()))
        {
            await warm.PrefetchAsync("acme.metered");
        }
        var afterHit = ReadCounters();

        Assert.True(afterMiss["summon.cache.misses"] >= 1);
        Assert.True(afterMiss["summon.download.bytes"] >= Files.Values.Sum());
        Assert.True(afterMiss["summon.download.files"] >= 2);
        Assert.True(afterMiss["summon.metadata.refreshes"] >= 1);
        Assert.True(afterHit["summon.cache.hits"] > afterMiss["summon.cache.hits"]);
        Assert.Equal(2, durations.Count);
        Assert.All(durations, d => Assert.True(d > 0));
    }

    [Fact]
    public async Task EachDownloadIsASpanTaggedWithItsModuleVersionFileAndBytes()
    {
        await using var repository = await DataModuleRepository.CreateAsync();
        repository.Publish("acme.traced", "1.0.0", Files);
        var spans = new ConcurrentQueue<Activity>();
        using var listener = RecordSpans(spans);
        using var summoner = new Summoner(repository.Options());

        await summoner.PrefetchAsync("acme.traced");

        var downloads = spans.Where(s => s.OperationName == "summon.download" && (string?)s.GetTagItem("summon.module") == "acme.traced").ToList();
        Assert.Equal(["data.bin 300000", "readme.txt 1000"],
            downloads.Select(s => $"{s.GetTagItem("summon.file")} {s.GetTagItem("summon.bytes")}").Order(StringComparer.Ordinal));
        Assert.All(downloads, s => Assert.Equal("1.0.0", s.GetTagItem("summon.version")));
        Assert.All(downloads, s => Assert.Equal(ActivityStatusCode.Unset, s.Status));
        Assert.Contains(spans, s => s.OperationName == "summon.refresh" && (string?)s.GetTagItem("summon.repository") == new Uri(repository.Url, "metadata/").AbsoluteUri);
    }

    [Fact]
    public async Task ARefreshThatFailsIsASpanMarkedAsAnError()
    {
        await using var repository = await DataModuleRepository.CreateAsync();
        var unreachable = new Uri($"http://127.0.0.1:{repository.Url.Port}/nothing-here/");
        var spans = new ConcurrentQueue<Activity>();
        using var listener = RecordSpans(spans);
        using var summoner = new Summoner(repository.Options(o => o.Repository = unreachable));

        await Assert.ThrowsAnyAsync<SummonException>(() => summoner.PrefetchAsync("acme.anything"));

        var refresh = Assert.Single(spans, s => s.OperationName == "summon.refresh" && (string?)s.GetTagItem("summon.repository") == new Uri(unreachable, "metadata/").AbsoluteUri);
        Assert.Equal(ActivityStatusCode.Error, refresh.Status);
        Assert.Contains(refresh.Events, e => e.Name == "exception");
    }

    [Fact]
    public async Task TheEventSourcePublishesCountersToAListener()
    {
        await using var repository = await DataModuleRepository.CreateAsync();
        repository.Publish("acme.counted", "1.0.0", Files);
        using (var summoner = new Summoner(repository.Options()))
        {
            await summoner.PrefetchAsync("acme.counted");
        }
        using var listener = new CounterListener();

        var names = await listener.WaitForAsync(["cache-misses", "bytes-downloaded", "total-bytes-downloaded"], TimeSpan.FromSeconds(30));

        Assert.Contains("cache-misses", names);
        Assert.Contains("bytes-downloaded", names);
        Assert.True(listener.Last("total-bytes-downloaded") >= Files.Values.Sum());
    }

    /// <summary>Records every span of Summon's activity source into <paramref name="spans"/> as it stops, until disposed.</summary>
    private static ActivityListener RecordSpans(ConcurrentQueue<Activity> spans)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SummonDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    /// <summary>What <c>dotnet-counters</c> does, in-process: enables the event source with an interval and reads its counter events.</summary>
    private sealed class CounterListener : EventListener
    {
        private readonly ConcurrentDictionary<string, double> values = new();

        public double Last(string name) => values.GetValueOrDefault(name);

        public async Task<ICollection<string>> WaitForAsync(IReadOnlyList<string> names, TimeSpan bound)
        {
            var deadline = Stopwatch.StartNew();
            while (!names.All(values.ContainsKey) && deadline.Elapsed < bound)
            {
                await Task.Delay(50);
            }
            return values.Keys;
        }

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == SummonDiagnostics.EventSourceName)
            {
                EnableEvents(source, EventLevel.Verbose, EventKeywords.All, new Dictionary<string, string?> { ["EventCounterIntervalSec"] = "0.1" });
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName != "EventCounters" || e.Payload?.FirstOrDefault() is not IDictionary<string, object?> payload || !payload.TryGetValue("Name", out var named) || named is not string name)
            {
                return;
            }
            var value = payload.TryGetValue("Increment", out var increment) ? increment : payload["Mean"];
            values[name] = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
