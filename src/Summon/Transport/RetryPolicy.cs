using System.Net.Http.Headers;

namespace Summon.Transport;

/// <summary>
/// Which failures are worth another attempt and how long to wait before it: exponential backoff with full jitter
/// (a random wait between zero and the doubled bound), so many clients hit by one outage do not return in step.
/// </summary>
internal static class RetryPolicy
{
    /// <summary>
    /// Statuses that say "not now" rather than "no": the server is overloaded, restarting or timed out, or a proxy
    /// between failed. Any other 4xx is an answer that will not change on a retry.
    /// </summary>
    public static bool IsTransientStatus(int status) => status is 408 or 429 or >= 500 and <= 599;

    public static TimeSpan Backoff(int failedAttempts, TransportOptions options)
    {
        var bound = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, failedAttempts - 1));
        bound = Math.Min(bound, options.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * bound);
    }

    /// <summary>The wait a <c>Retry-After</c> header asks for (as seconds or as a date), or null if there is none.</summary>
    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };
}
