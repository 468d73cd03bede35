namespace Summon.Transport;

/// <summary>
/// Fetches bytes from a URL. Knows nothing of what the bytes mean: callers verify them.
/// Failures are <see cref="DownloadException"/> (with the HTTP status when the server answered with an error).
/// </summary>
internal interface IFetcher
{
    /// <summary>Downloads a whole body, refusing more than <paramref name="maxLength"/> bytes.</summary>
    Task<byte[]> FetchBytesAsync(Uri url, long maxLength, CancellationToken cancellationToken);

    /// <summary>Streams a body into <paramref name="destination"/>, refusing more than <paramref name="maxLength"/> bytes.</summary>
    Task FetchToStreamAsync(Uri url, Stream destination, long maxLength, CancellationToken cancellationToken);
}
