namespace Summon.FaultInjection;

/// <summary>
/// What goes wrong with a response. Faults combine (truncate a body and refuse ranges, say); an empty fault
/// serves the file normally. Every fault ends: stalls and drips are bounded by time and body length, endless
/// bodies by <see cref="FaultServerOptions.MaxEndlessBytes"/>, and all of them by the client going away.
/// </summary>
public sealed record Fault
{
    /// <summary>Apply to the first N matching requests, then serve normally; null applies forever.</summary>
    public int? Times { get; init; }

    /// <summary>Answer with this status instead of the file (5xx bursts, 429, 404, 403).</summary>
    public int? Status { get; init; }

    /// <summary>Sent with <see cref="Status"/> as <c>Retry-After</c>, in whole seconds.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Close the connection without answering.</summary>
    public bool Reset { get; init; }

    /// <summary>Announce the whole body, send this many bytes of it, then close the connection.</summary>
    public long? TruncateAfter { get; init; }

    /// <summary>Send nothing for this long: before the headers, or after <see cref="StallAfter"/> body bytes.</summary>
    public TimeSpan? Stall { get; init; }

    /// <summary>Where a <see cref="Stall"/> happens: null before the headers, else after this many body bytes.</summary>
    public long? StallAfter { get; init; }

    /// <summary>Send the body at this many bytes per second.</summary>
    public int? DripBytesPerSecond { get; init; }

    /// <summary>
    /// Announce a <c>Content-Length</c> off by this much. Positive: the body ends early (the connection is closed
    /// under the client); negative: the body is cut to the announced length, so it is consistent but wrong.
    /// </summary>
    public long? ContentLengthDelta { get; init; }

    /// <summary>Invert the byte at this offset of the file (in whatever part of it a response carries).</summary>
    public long? FlipByteAt { get; init; }

    /// <summary>Redirect to the same path again, forever (each hop a new query, so a naive cache cannot break the loop).</summary>
    public bool RedirectLoop { get; init; }

    /// <summary>Redirect to this URL (an <c>http://</c> one from an https server simulates a downgrade).</summary>
    public Uri? RedirectTo { get; init; }

    /// <summary>A body with no length that does not end (until <see cref="FaultServerOptions.MaxEndlessBytes"/>).</summary>
    public bool Endless { get; init; }

    /// <summary>Announce and send this many bytes instead of the file.</summary>
    public long? HugeLength { get; init; }

    /// <summary>Ignore <c>Range</c> requests: always the whole file with 200, no <c>Accept-Ranges</c>.</summary>
    public bool NoRange { get; init; }

    /// <summary>Send neither <c>ETag</c> nor <c>Last-Modified</c>.</summary>
    public bool NoValidators { get; init; }

    /// <summary>A new <c>ETag</c> and <c>Last-Modified</c> on every response, as if the file were being replaced.</summary>
    public bool ChangingValidators { get; init; }
}
