namespace Summon.Transport;

/// <summary>
/// A fetcher that can continue a body another fetch began, so a mirror can finish what a failed one started
/// without the destination (written sequentially and hashed as it goes) seeing any byte twice.
/// </summary>
internal interface IResumableFetcher : IFetcher
{
    /// <summary>
    /// Streams the body from byte <paramref name="offset"/> on into <paramref name="destination"/>, which already holds
    /// the first <paramref name="offset"/> bytes; <paramref name="maxLength"/> bounds the whole body.
    /// </summary>
    Task ContinueToStreamAsync(Uri url, Stream destination, long offset, long maxLength, CancellationToken cancellationToken);
}
