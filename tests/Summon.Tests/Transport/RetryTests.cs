using Summon.FaultInjection;

namespace Summon.Tests.Transport;

public class RetryTests
{
    [Fact]
    public async Task A_burst_of_5xx_is_retried_until_the_file_comes()
    {
        await using var bed = await TransportBed.StartAsync();
        bed.Server.Inject("targets/**", new Fault { Status = 503, Times = 3 });

        var bytes = await bed.FetchStreamAsync(bed.Fetcher());

        Assert.Equal(bed.Content, bytes);
        Assert.Equal(4, bed.Server.RequestCount(TransportBed.FilePath));
        Assert.Equal(3, bed.Waits.Count);
    }

    [Fact]
    public async Task Attempts_are_bounded_when_the_server_keeps_failing()
    {
        await using var bed = await TransportBed.StartAsync();
        bed.Server.Inject("**", new Fault { Status = 500 });

        var e = await Assert.ThrowsAsync<DownloadException>(() => bed.FetchStreamAsync(bed.Fetcher()));

        Assert.Equal(500, e.StatusCode);
        Assert.Equal(TransportBed.ShortOptions.MaxAttempts, bed.Server.RequestCount(TransportBed.FilePath));
        Assert.Contains("tried 4 times", e.Message);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(403)]
    [InlineData(400)]
    [InlineData(401)]
    public async Task Other_4xx_answers_are_not_retried(int status)
    {
        await using var bed = await TransportBed.StartAsync();
        bed.Server.Inject("**", new Fault { Status = status });

        var e = await Assert.ThrowsAsync<DownloadException>(() => bed.FetchStreamAsync(bed.Fetcher()));

        Assert.Equal(status, e.StatusCode);
        Assert.Equal(1, bed.Server.RequestCount(TransportBed.FilePath));
        Assert.Empty(bed.Waits);
    }

    [Fact]
    public async Task A_missing_file_is_a_404_the_caller_can_read()
    {
        await using var bed = await TransportBed.StartAsync();

        var e = await Assert.ThrowsAsync<DownloadException>(() => bed.Fetcher().FetchBytesAsync(new Uri(bed.Server.Url, "metadata/2.root.json"), 1000, default));

        Assert.Equal(404, e.StatusCode);
        Assert.Equal(1, bed.Server.RequestCount("metadata/2.root.json"));
    }

    [Fact]
    public async Task Retry_after_of_a_429_is_the_wait()
    {
        await using var bed = await TransportBed.StartAsync();
        bed.Server.Inject("**", new Fault { Status = 429, RetryAfter = TimeSpan.FromSeconds(2), Times = 2 });

        var bytes = await bed.FetchStreamAsync(bed.Fetcher());

        Assert.Equal(bed.Content, bytes);
        Assert.Equal(3, bed.Server.RequestCount(TransportBed.FilePath));
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)], bed.Waits);
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_cap_fails_at_once()
    {
        await using var bed = await TransportBed.StartAsync();
        bed.Server.Inject("**", new Fault { Status = 429, RetryAfter = TimeSpan.FromHours(1) });

        var e = await Assert.ThrowsAsync<DownloadException>(() => bed.FetchStreamAsync(bed.Fetcher()));

        Assert.Equal(429, e.StatusCode);
        Assert.Equal(1, bed.Server.RequestCount(TransportBed.FilePath));
        Assert.Empty(bed.Waits);
        Assert.Contains("try again later", e.Message);
    }

    [Fact]
    public async Task A_reset_connection_is_retried()
    {
        await using var bed = await TransportBed.StartAsync();
        bed.Server.Inject("**", new Fault { Reset = true, Times = 2 });

        var bytes = await bed.FetchStreamAsync(bed.Fetcher());

        Assert.Equal(bed.Content, bytes);
        Assert.Equal(3, bed.Server.RequestCount(TransportBed.FilePath));
    }

    [Fact]
    public async Task A_refused_connection_is_retried_then_reported()
    {
        await using var bed = await TransportBed.StartAsync();

        var e = await Assert.ThrowsAsync<DownloadException>(() => bed.Fetcher().FetchBytesAsync(new Uri(TransportBed.DeadBase(), "x"), 100, default));

        Assert.Null(e.StatusCode);
        Assert.Equal(TransportBed.ShortOptions.MaxAttempts - 1, bed.Waits.Count);
        Assert.Contains("Check the connection", e.Message);
    }

    [Fact]
    public void Backoff_stays_within_its_doubling_bound()
    {
        var options = new Summon.Transport.TransportOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(100), RetryMaxDelay = TimeSpan.FromMilliseconds(350) };
        for (var i = 0; i < 200; i++)
        {
            Assert.InRange(Summon.Transport.RetryPolicy.Backoff(1, options), TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
            Assert.InRange(Summon.Transport.RetryPolicy.Backoff(2, options), TimeSpan.Zero, TimeSpan.FromMilliseconds(200));
            Assert.InRange(Summon.Transport.RetryPolicy.Backoff(10, options), TimeSpan.Zero, TimeSpan.FromMilliseconds(350));
        }
    }
}
