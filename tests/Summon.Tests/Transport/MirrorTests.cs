using Summon.FaultInjection;
using Summon.Transport;

namespace Summon.Tests.Transport;

public class MirrorTests
{
    [Fact]
    public async Task A_primary_that_is_down_is_served_by_a_mirror()
    {
        await using var bed = await TransportBed.StartAsync();
        var primary = TransportBed.DeadBase();
        var mirrored = new MirroredFetcher(primary, [bed.Server.Url], bed.Fetcher(), new MirrorHealth());

        var bytes = await mirrored.FetchBytesAsync(new Uri(primary, TransportBed.FilePath), bed.Content.Length, default);

        Assert.Equal(bed.Content, bytes);
        Assert.Equal(1, bed.Server.RequestCount(TransportBed.FilePath));
    }

    [Fact]
    public async Task A_404_on_the_primary_is_tried_on_a_mirror()
    {
        await using var primary = await TransportBed.StartAsync();
        await using var mirror = await TransportBed.StartAsync();
        primary.Server.Inject("**", new Fault { Status = 404 });
        var mirrored = new MirroredFetcher(primary.Server.Url, [mirror.Server.Url], primary.Fetcher(), new MirrorHealth());

        var bytes = await mirrored.FetchBytesAsync(primary.FileUrl, primary.Content.Length, default);

        Assert.Equal(mirror.Content, bytes);
        Assert.Equal(1, primary.Server.RequestCount(TransportBed.FilePath));
        Assert.Equal(1, mirror.Server.RequestCount(TransportBed.FilePath));
    }

    [Fact]
    public async Task A_404_everywhere_is_a_404()
    {
        await using var primary = await TransportBed.StartAsync();
        await using var mirror = await TransportBed.StartAsync();
        var mirrored = new MirroredFetcher(primary.Server.Url, [mirror.Server.Url], primary.Fetcher(), new MirrorHealth());

        var e = await Assert.ThrowsAsync<DownloadException>(() => mirrored.FetchBytesAsync(new Uri(primary.Server.Url, "metadata/9.root.json"), 100, default));

        Assert.Equal(404, e.StatusCode);
    }

    [Fact]
    public async Task A_failed_mirror_is_tried_last_afterwards()
    {
        await using var primary = await TransportBed.StartAsync();
        await using var mirror = await TransportBed.StartAsync();
        primary.Server.Inject("**", new Fault { Status = 503 });
        var health = new MirrorHealth();
        var mirrored = new MirroredFetcher(primary.Server.Url, [mirror.Server.Url], primary.Fetcher(), health);

        await mirrored.FetchBytesAsync(primary.FileUrl, primary.Content.Length, default);
        var failures = primary.Server.TotalRequests;
        await mirrored.FetchBytesAsync(primary.FileUrl, primary.Content.Length, default);

        Assert.Equal(TransportBed.ShortOptions.MaxAttempts, failures);
        Assert.Equal(failures, primary.Server.TotalRequests);
        Assert.Equal(2, mirror.Server.RequestCount(TransportBed.FilePath));
        Assert.False(health.IsHealthy(primary.Server.Url));
    }

    [Fact]
    public async Task A_mirror_continues_a_stream_the_primary_broke_off()
    {
        await using var primary = await TransportBed.StartAsync();
        await using var mirror = await TransportBed.StartAsync();
        primary.Server.Inject("**", new Fault { TruncateAfter = 60_000 });
        var mirrored = new MirroredFetcher(primary.Server.Url, [mirror.Server.Url], primary.Fetcher(TransportBed.ShortOptions with { MaxAttempts = 1 }), new MirrorHealth());

        var bytes = await primary.FetchStreamAsync(mirrored);

        Assert.Equal(primary.Content, bytes);
        Assert.Matches("^bytes=[1-9][0-9]*-$", Assert.Single(mirror.Server.Requests).Range);
    }

    [Fact]
    public async Task Urls_outside_the_repository_are_fetched_as_they_are()
    {
        await using var bed = await TransportBed.StartAsync();
        var mirrored = new MirroredFetcher(new Uri("http://127.0.0.1:1/repo/"), [TransportBed.DeadBase()], bed.Fetcher(), new MirrorHealth());

        Assert.Equal(bed.Content, await mirrored.FetchBytesAsync(bed.FileUrl, bed.Content.Length, default));
    }

    [Fact]
    public void No_mirrors_means_the_plain_fetcher()
    {
        using var fetcher = new HttpFetcher();

        Assert.Same(fetcher, MirroredFetcher.Over(new Uri("https://repo.test/"), [], fetcher));
        Assert.IsType<MirroredFetcher>(MirroredFetcher.Over(new Uri("https://repo.test/"), [new Uri("https://mirror.test/")], fetcher));
    }
}
