using Summon.FaultInjection;

namespace Summon.Tests.Transport;

public class TimeoutTests
{
    [Fact]
    public async Task A_server_that_never_answers_fails_with_a_download_exception()
    {
        await using var bed = await TransportBed.StartAsync();
        bed.Server.Inject("**", new Fault { Stall = TimeSpan.FromMinutes(5) });

        var e = await Assert.ThrowsAsync<DownloadException>(() => bed.FetchStreamAsync(bed.Fetcher(TransportBed.ShortOptions with { MaxAttempts = 2, StallTimeout = TimeSpan.FromSeconds(2) })));

        Assert.Contains("sent nothing", e.Message);
        Assert.Equal(2, bed.Server.RequestCount(TransportBed.FilePath));
    }

    [Fact]
    public async Task A_body_that_stalls_is_resumed_on_the_next_attempt()
    {
        await using var bed = await TransportBed.StartAsync();
        bed.Server.Inject("**", new Fault { Stall = TimeSpan.FromMinutes(5), StallAfter = 50_000, Times = 1 });

        var bytes = await bed.FetchStreamAsync(bed.Fetcher(TransportBed.ShortOptions with { StallTimeout = TimeSpan.FromSeconds(1) }));

        Assert.Equal(bed.Content, bytes);
        Assert.Contains(bed.Server.Requests.Skip(1), r => r.Range is not null);
    }

    [Fact]
    public async Task A_slow_drip_is_ended_by_the_fetch_deadline()
    {
        await using var bed = await TransportBed.StartAsync();
        bed.Server.Inject("**", new Fault { DripBytesPerSecond = 1000 });
        var options = TransportBed.ShortOptions with { FetchTimeout = TimeSpan.FromSeconds(1), StallTimeout = TimeSpan.FromSeconds(30) };

        var e = await Assert.ThrowsAsync<DownloadException>(() => bed.FetchStreamAsync(bed.Fetcher(options)));

        Assert.Contains("took longer than", e.Message);
        Assert.Equal(1, bed.Server.RequestCount(TransportBed.FilePath));
    }
}
