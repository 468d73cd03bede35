using Summon.FaultInjection;

namespace Summon.Tests.Transport;

public class SizeCapTests
{
    [Fact]
    public async Task An_endless_body_is_stopped_at_the_cap_and_not_retried()
    {
        await using var bed = await TransportBed.StartAsync();
        bed.Server.Inject("**", new Fault { Endless = true });
        using var destination = new MemoryStream();

        var e = await Assert.ThrowsAsync<DownloadException>(() => bed.Fetcher().FetchToStreamAsync(bed.FileUrl, destination, 1_000_000, default));

        Assert.Contains("more than the 1000000 bytes", e.Message);
        Assert.InRange(destination.Length, 0, 1_000_000);
        Assert.Equal(1, bed.Server.RequestCount(TransportBed.FilePath));
    }

    [Fact]
    public async Task A_huge_announced_body_is_refused_unread()
    {
        await using var bed = await TransportBed.StartAsync();
        bed.Server.Inject("**", new Fault { HugeLength = 10L << 30 });

        var e = await Assert.ThrowsAsync<DownloadException>(() => bed.Fetcher().FetchBytesAsync(bed.FileUrl, 1_000_000, default));

        Assert.Contains("more than the 1000000 bytes", e.Message);
        Assert.Equal(1, bed.Server.RequestCount(TransportBed.FilePath));
    }

    [Fact]
    public async Task A_body_longer_than_the_cap_is_refused()
    {
        await using var bed = await TransportBed.StartAsync();

        await Assert.ThrowsAsync<DownloadException>(() => bed.FetchStreamAsync(bed.Fetcher(), maxLength: bed.Content.Length - 1));
    }
}
