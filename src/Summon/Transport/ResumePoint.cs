using System.Net;
using System.Net.Http.Headers;

namespace Summon.Transport;

/// <summary>
/// How much of a body the destination already holds, and which version of the file those bytes came from
/// (its <c>ETag</c> or <c>Last-Modified</c>), so a later attempt continues the same file and never mixes two.
/// </summary>
internal sealed class ResumePoint
{
    /// <summary>Bytes already written to the destination.</summary>
    public long Written { get; set; }

    /// <summary>The whole body's length, once a response has told it.</summary>
    public long? TotalLength { get; private set; }

    private EntityTagHeaderValue? etag;
    private DateTimeOffset? lastModified;

    /// <summary>Remembers the validators and length of the response the first bytes come from.</summary>
    public void Capture(HttpResponseMessage response, long? totalLength)
    {
        etag = response.Headers.ETag;
        lastModified = response.Content.Headers.LastModified;
        TotalLength = totalLength;
    }

    /// <summary>
    /// Asks for the rest of the body, conditionally on its being the same file: with <c>If-Range</c> a server whose
    /// file changed answers 200 with the new file instead of 206 with a piece of it.
    /// </summary>
    public void AddRangeHeaders(HttpRequestMessage request)
    {
        if (Written == 0)
        {
            return;
        }
        request.Headers.Range = new RangeHeaderValue(Written, null);
        if (etag is { IsWeak: false })
        {
            // Weak validators may not be used with If-Range (RFC 9110 13.1.5).
            request.Headers.IfRange = new RangeConditionHeaderValue(etag);
        }
        else if (lastModified is { } date)
        {
            request.Headers.IfRange = new RangeConditionHeaderValue(date);
        }
    }

    /// <summary>
    /// Whether <paramref name="response"/> is, as far as validators can tell, the file the first bytes came from:
    /// false when a validator both responses carry differs; true when they agree or there is nothing to compare.
    /// </summary>
    public bool IsSameFile(HttpResponseMessage response)
    {
        if (etag is not null && response.Headers.ETag is { } other)
        {
            return !etag.IsWeak && !other.IsWeak && etag.Tag == other.Tag;
        }
        if (lastModified is { } date && response.Content.Headers.LastModified is { } otherDate)
        {
            return date == otherDate;
        }
        return true;
    }

    /// <summary>Whether a 206 answers exactly the range asked for, of a body of the length already known.</summary>
    public bool IsContinuation(ContentRangeHeaderValue? range) =>
        range is { Unit: "bytes", From: { } from, HasLength: true, Length: { } length }
        && from == Written
        && (TotalLength is not { } total || total == length);

    public static bool IsPartial(HttpResponseMessage response) => response.StatusCode == HttpStatusCode.PartialContent;
}
