using Summon.FaultInjection;

namespace Summon.Tests.Transport;

public class ResumeTests
{
    [Fact]
    public async Task A_truncated_body_is_resumed_with_a_conditional_range_and_the_bytes_are_exact()
    {
        await using var bed = await TransportBed.StartAsync();
        bed.Server.Inject("**", new Fault { TruncateAfter = 70_001, Times = 1 });

        var bytes = await bed.FetchStreamAsync(bed.Fetcher());

        Assert.Equal(bed.Content, bytes);
        var requests = bed.Server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Null(requests[0].Range);
        // Where the cut falls is the network's business (the server aborts after 70001 bytes, some may be lost);
        // that the continuation starts exactly where the destination stopped is what the exact bytes prove.
        Assert.Matches("^bytes=[1-9][0-9]*-$", requests[1].Range);
        Assert.NotNull(requests[1].IfRange);
    }

    [Fact]
    public async Task Repeated_truncations_each_resume_where_the_last_stopped()
    {
        await using var bed = await TransportBed.StartAsync();
        bed.Server.Inject("**", new Fault { TruncateAfter = 40_000, Times = 3 });

        var bytes = await bed.FetchStreamAsync(bed.Fetcher());

        Assert.Equal(bed.Content, bytes);
        var starts = bed.Server.Requests.Skip(1).Select(r => long.Parse(r.Range!["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(3, starts.Count);
        Assert.Equal(starts.Order(), starts);
    }

    [Fact]
    public async Task Without_range_support_the_restarted_body_is_skipped_to_where_the_destination_stopped()
    {
        await using var bed = await TransportBed.StartAsync();
        bed.Server.Inject("**", new Fault { TruncateAfter = 70_000, NoRange = true, Times = 1 });
        bed.Server.Inject("**", new Fault { NoRange = true });

        var bytes = await bed.FetchStreamAsync(bed.Fetcher());

        Assert.Equal(bed.Content, bytes);
        Assert.Equal(2, bed.Server.RequestCount(TransportBed.FilePath));
    }

    [Fact]
    public async Task A_file_that_changed_under_a_resume_fails_cleanly_for_a_stream()
    {
        await using var bed = await TransportBed.StartAsync();
        bed.Server.Inject("**", new Fault { TruncateAfter = 70_000, ChangingValidators = true, Times = 1 });
        bed.Server.Inject("**", new Fault { ChangingValidators = true });

        var e = await Assert.ThrowsAsync<DownloadException>(() => bed.FetchStreamAsync(bed.Fetcher()));

        Assert.Contains("changed on the server", e.Message);
        Assert.Equal(2, bed.Server.RequestCount(TransportBed.FilePath));
    }

    [Fact]
    public async Task A_file_that_changed_under_a_resume_restarts_in_a_buffer()
    {
        await using var bed = await TransportBed.StartAsync();
        bed.Server.Inject("**", new Fault { TruncateAfter = 70_000, ChangingValidators = true, Times = 1 });
        bed.Server.Inject("**", new Fault { ChangingValidators = true });

        var bytes = await bed.Fetcher().FetchBytesAsync(bed.FileUrl, bed.Content.Length, default);

        Assert.Equal(bed.Content, bytes);
        Assert.Equal(2, bed.Server.RequestCount(TransportBed.FilePath));
    }

    [Fact]
    public async Task A_content_length_longer_than_the_body_fails_cleanly()
    {
        await using var bed = await TransportBed.StartAsync();
        bed.Server.Inject("**", new Fault { ContentLengthDelta = 1000 });

        var e = await Assert.ThrowsAsync<DownloadException>(() => bed.FetchStreamAsync(bed.Fetcher(), maxLength: bed.Content.Length + 1000));

        Assert.Equal(416, e.StatusCode);
        Assert.Equal(2, bed.Server.RequestCount(TransportBed.FilePath));
    }

    [Fact]
    public async Task A_content_length_above_the_cap_is_refused_before_reading()
    {
        await using var bed = await TransportBed.StartAsync();
        bed.Server.Inject("**", new Fault { ContentLengthDelta = 1 });

        var e = await Assert.ThrowsAsync<DownloadException>(() => bed.FetchStreamAsync(bed.Fetcher()));

        Assert.Contains("more than the", e.Message);
        Assert.Equal(1, bed.Server.RequestCount(TransportBed.FilePath));
    }
}
