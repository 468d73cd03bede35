using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;

namespace Summon.FaultInjection;

/// <summary>
/// Answers one request for a file, as a correct static server would (ranges, <c>If-Range</c>, validators) except
/// for what its <see cref="Fault"/> says. Ranges are done here rather than by the static-files middleware so that
/// a fault applies to a ranged answer exactly as to a whole one.
/// </summary>
internal sealed class FaultyResponder(HttpContext context, string file, Fault fault, long maxEndlessBytes, long responseNumber, CancellationToken stopping)
{
    private const int ChunkSize = 16 * 1024;

    public async Task RespondAsync()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var ct = cancel.Token;
        if (fault.Stall is { } stall && fault.StallAfter is null)
        {
            await Task.Delay(stall, ct).ConfigureAwait(false);
        }
        if (fault.Reset)
        {
            context.Abort();
            return;
        }
        if (fault.Status is { } status)
        {
            context.Response.StatusCode = status;
            if (fault.RetryAfter is { } after)
            {
                context.Response.Headers.RetryAfter = ((long)after.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            }
            await context.Response.WriteAsync($"fault: {status}\n", ct).ConfigureAwait(false);
            return;
        }
        if (fault.RedirectLoop)
        {
            var hop = int.TryParse(context.Request.Query["hop"], CultureInfo.InvariantCulture, out var h) ? h + 1 : 1;
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = $"{context.Request.PathBase}{context.Request.Path}?hop={hop}";
            return;
        }
        if (fault.RedirectTo is { } target)
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = target.AbsoluteUri;
            return;
        }
        if (fault.Endless || fault.HugeLength is not null)
        {
            await SendGeneratedAsync(fault.HugeLength, ct).ConfigureAwait(false);
            return;
        }
        await SendFileAsync(ct).ConfigureAwait(false);
    }

    private async Task SendGeneratedAsync(long? length, CancellationToken ct)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = length;
        var chunk = new byte[ChunkSize];
        Array.Fill(chunk, (byte)'x');
        var limit = length ?? maxEndlessBytes;
        for (long sent = 0; sent < limit;)
        {
            var count = (int)Math.Min(chunk.Length, limit - sent);
            await context.Response.Body.WriteAsync(chunk.AsMemory(0, count), ct).ConfigureAwait(false);
            sent += count;
        }
    }

    private async Task SendFileAsync(CancellationToken ct)
    {
        var info = new FileInfo(file);
        var length = info.Length;
        var response = context.Response;
        response.ContentType = "application/octet-stream";
        var lastModified = new DateTimeOffset(info.LastWriteTimeUtc.Ticks - info.LastWriteTimeUtc.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var etag = $"\"{length:x}-{lastModified.ToUnixTimeSeconds():x}\"";
        if (fault.ChangingValidators)
        {
            etag = $"\"{length:x}-{lastModified.ToUnixTimeSeconds():x}-{responseNumber}\"";
            lastModified = lastModified.AddSeconds(responseNumber);
        }
        if (!fault.NoValidators)
        {
            response.Headers.ETag = etag;
            response.Headers.LastModified = lastModified.ToString("R", CultureInfo.InvariantCulture);
        }
        if (!fault.NoRange)
        {
            response.Headers.AcceptRanges = "bytes";
        }

        long start = 0, end = length;
        if (!fault.NoRange && RequestedRange(length, etag, lastModified) is { } range)
        {
            if (range.Start >= length || range.Start > range.End)
            {
                response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                response.Headers.ContentRange = $"bytes */{length}";
                return;
            }
            (start, end) = (range.Start, Math.Min(range.End + 1, length));
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = $"bytes {start}-{end - 1}/{length}";
        }
        else
        {
            response.StatusCode = StatusCodes.Status200OK;
        }

        var announced = end - start + (fault.ContentLengthDelta ?? 0);
        response.ContentLength = Math.Max(0, announced);
        var stopAt = Math.Min(end, start + Math.Max(0, announced));
        if (fault.TruncateAfter is { } truncate)
        {
            stopAt = Math.Min(stopAt, start + truncate);
        }
        await using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        source.Seek(start, SeekOrigin.Begin);
        var chunkSize = fault.DripBytesPerSecond is { } rate ? Math.Max(1, rate / 10) : ChunkSize;
        var buffer = new byte[chunkSize];
        var stalled = false;
        for (var position = start; position < stopAt;)
        {
            var want = (int)Math.Min(buffer.Length, stopAt - position);
            if (fault.Stall is { } stall && fault.StallAfter is { } after && !stalled)
            {
                var untilStall = start + after - position;
                if (untilStall <= 0)
                {
                    await response.Body.FlushAsync(ct).ConfigureAwait(false);
                    await Task.Delay(stall, ct).ConfigureAwait(false);
                    stalled = true;
                }
                else
                {
                    want = (int)Math.Min(want, untilStall);
                }
            }
            var read = await source.ReadAsync(buffer.AsMemory(0, want), ct).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }
            if (fault.FlipByteAt is { } flip && flip >= position && flip < position + read)
            {
                buffer[flip - position] ^= 0xFF;
            }
            await response.Body.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
            position += read;
            if (fault.DripBytesPerSecond is not null)
            {
                await response.Body.FlushAsync(ct).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromMilliseconds(100), ct).ConfigureAwait(false);
            }
        }
        if (fault.TruncateAfter is not null && stopAt < end)
        {
            // Flush what was sent, then drop the connection: the client sees a body that breaks off. A flush only hands
            // the bytes to the transport, and an abort discards what it has not sent yet; the pause lets them go out
            // (on a loaded machine the cut may still come earlier, which is a truncation all the same).
            await response.Body.FlushAsync(ct).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct).ConfigureAwait(false);
            context.Abort();
        }
    }

    /// <summary>The single range asked for, or null when none was, or when <c>If-Range</c> no longer matches the file.</summary>
    private (long Start, long End)? RequestedRange(long length, string etag, DateTimeOffset lastModified)
    {
        var request = context.Request;
        if (!RangeHeaderValue.TryParse(request.Headers.Range.ToString(), out var parsed) || parsed.Unit != "bytes" || parsed.Ranges.Count != 1)
        {
            return null;
        }
        var ifRange = request.Headers.IfRange.ToString();
        if (ifRange.Length > 0)
        {
            var matches = ifRange.StartsWith('"') || ifRange.StartsWith("W/", StringComparison.Ordinal)
                ? !fault.NoValidators && ifRange == etag
                : !fault.NoValidators && DateTimeOffset.TryParse(ifRange, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) && date == lastModified;
            if (!matches)
            {
                return null;
            }
        }
        var item = parsed.Ranges.First();
        return (item.From, item.To) switch
        {
            ({ } from, { } to) => (from, to),
            ({ } from, null) => (from, length - 1),
            (null, { } suffix) => (Math.Max(0, length - suffix), length - 1),
            _ => null,
        };
    }
}
