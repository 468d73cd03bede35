namespace Summon.Transport;

/// <summary>Bounds on every network operation, so that no import can hang forever.</summary>
internal sealed record TransportOptions
{
    /// <summary>How long establishing a connection may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a response may go without delivering a single byte.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long one fetch may take in all, every attempt and wait between them included. A slow drip that never
    /// stalls would otherwise hold a caller for as long as the server likes.
    /// </summary>
    public TimeSpan FetchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many times one URL is tried (the first try included) when failures are transient.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>The wait before the second attempt, doubled for each later one; the actual wait is a random part of it (full jitter).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between two attempts that backoff alone produces.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// The longest <c>Retry-After</c> Summon waits for. A server that asks for longer fails the fetch at once: waiting
    /// less than it asked would only be refused again, and waiting longer would hold the import.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many redirects one request may follow.</summary>
    public int MaxRedirects { get; init; } = 5;

    public static TransportOptions Default { get; } = new();
}
