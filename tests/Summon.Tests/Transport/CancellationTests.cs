using Summon.FaultInjection;

namespace Summon.Tests.Transport;

public class CancellationTests
{
    [Fact]
    public async Task Cancelling_a_stalled_fetch_throws_operation_cancelled_not_a_download_error()
    {
        await using var bed = await TransportBed.StartAsync();
        bed.Server.Inject("**", new Fault { Stall = TimeSpan.FromMinutes(5), StallAfter = 10_000 });
        var options = TransportBed.ShortOptions with { StallTimeout = TimeSpan.FromMinutes(5) };
        using var cancel = new CancellationTokenSource();
        using var destination = new SignallingStream();

        var fetch = bed.Fetcher(options).FetchToStreamAsync(bed.FileUrl, destination, bed.Content.Length, cancel.Token);
        await destination.FirstWrite.Task.WaitAsync(TimeSpan.FromMinutes(1));
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetch);
        Assert.Equal(1, bed.Server.RequestCount(TransportBed.FilePath));
    }

    [Fact]
    public async Task Cancelling_during_the_wait_between_attempts_ends_the_retries()
    {
        await using var bed = await TransportBed.StartAsync();
        bed.Server.Inject("**", new Fault { Status = 503, RetryAfter = TimeSpan.FromSeconds(4) });
        using var cancel = new CancellationTokenSource();

        var fetch = bed.FetchStreamAsync(bed.Fetcher(sleep: true), cancellationToken: cancel.Token);
        while (bed.Server.RequestCount(TransportBed.FilePath) == 0)
        {
            await Task.Delay(10);
        }
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetch);
        Assert.Equal(1, bed.Server.RequestCount(TransportBed.FilePath));
    }

    [Fact]
    public async Task An_already_cancelled_token_makes_no_request()
    {
        await using var bed = await TransportBed.StartAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bed.FetchStreamAsync(bed.Fetcher(), cancellationToken: new CancellationToken(canceled: true)));
        Assert.Equal(0, bed.Server.TotalRequests);
    }

    private sealed class SignallingStream : MemoryStream
    {
        public TaskCompletionSource FirstWrite { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Write(byte[] buffer, int offset, int count)
        {
            FirstWrite.TrySetResult();
            base.Write(buffer, offset, count);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            FirstWrite.TrySetResult();
            return base.WriteAsync(buffer, cancellationToken);
        }
    }
}
