using System.Net;
using System.Net.Http.Headers;

namespace Summon.Transport;

/// <summary>
/// Fetches over HTTP with a connect timeout, a stall timeout (no bytes for too long), and a hard cap on
/// how many bytes a response may deliver, so neither a slow nor an endless server can hold a caller.
/// </summary>
internal sealed class HttpFetcher : IFetcher, IDisposable
{
    private const int BufferSize = 81920;
    private readonly HttpClient client;
    private readonly TransportOptions options;

    public HttpFetcher(TransportOptions? options = null)
    {
        this.options = options ?? TransportOptions.Default;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = this.options.ConnectTimeout,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            // HttpClient already refuses an https-to-http redirect; a short chain is all a static repository needs.
            MaxAutomaticRedirections = 5,
        };
        client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Summon", typeof(HttpFetcher).Assembly.GetName().Version?.ToString(3) ?? "0"));
    }

    public async Task<byte[]> FetchBytesAsync(Uri url, long maxLength, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await FetchToStreamAsync(url, buffer, maxLength, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    public async Task FetchToStreamAsync(Uri url, Stream destination, long maxLength, CancellationToken cancellationToken)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stall.CancelAfter(options.StallTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stall.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new DownloadException(url, $"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}.", (int)response.StatusCode);
            }
            if (response.Content.Headers.ContentLength is long announced && announced > maxLength)
            {
                throw TooLong(url, maxLength);
            }
            using var body = await response.Content.ReadAsStreamAsync(stall.Token).ConfigureAwait(false);
            var chunk = new byte[BufferSize];
            long total = 0;
            while (true)
            {
                stall.CancelAfter(options.StallTimeout);
                var read = await ReadAsync(body, chunk, url, stall.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                total += read;
                if (total > maxLength)
                {
                    throw TooLong(url, maxLength);
                }
                await destination.WriteAsync(chunk.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DownloadException(url, $"{url} sent nothing for {options.StallTimeout.TotalSeconds:0.#} s; the repository is too slow or unreachable.", innerException: e);
        }
        catch (HttpRequestException e)
        {
            throw new DownloadException(url, $"{url} could not be fetched: {e.Message}", (int?)e.StatusCode, e);
        }
    }

    /// <summary>An I/O error while reading the body is the network's; one while writing is the caller's disk's.</summary>
    private static async ValueTask<int> ReadAsync(Stream body, byte[] chunk, Uri url, CancellationToken cancellationToken)
    {
        try
        {
            return await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new DownloadException(url, $"the connection to {url} broke: {e.Message}", innerException: e);
        }
    }

    private static DownloadException TooLong(Uri url, long maxLength) =>
        new(url, $"{url} sent more than the {maxLength} bytes allowed for it; the repository or a server between is misbehaving.");

    public void Dispose() => client.Dispose();
}
