using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Summon.Transport;

/// <summary>
/// Fetches over HTTP, bounded in every way a server can hold a caller: a connect timeout, a stall timeout (no bytes
/// for too long), a deadline for the whole fetch, a cap on the bytes a body may deliver, and a bounded number of
/// attempts. Transient failures (connection errors, stalls, 5xx, 408, 429) are retried with backoff and jitter; a
/// body that breaks off is resumed with a <c>Range</c> request so the destination sees every byte exactly once.
/// </summary>
internal sealed class HttpFetcher : IResumableFetcher, IDisposable
{
    private const int BufferSize = 81920;
    private static readonly ProductInfoHeaderValue UserAgent = new("Summon", typeof(HttpFetcher).Assembly.GetName().Version?.ToString(3) ?? "0");
    // Summon's own client, or null when every request goes through the application's handler.
    private readonly HttpClient? client;
    private readonly Func<HttpMessageHandler>? handlerFactory;
    private readonly TransportOptions options;
    private readonly Func<TimeSpan, CancellationToken, Task> delay;

    public HttpFetcher(TransportOptions? options = null)
        : this(options, handler: null, delay: null)
    {
    }

    /// <param name="handlerFactory">
    /// The application's handler (<see cref="SummonOptions.HttpMessageHandlerFactory"/>), asked for one for each
    /// request and never disposed; null for Summon's own. Timeouts, retries and the redirect policy stay Summon's.
    /// </param>
    public HttpFetcher(Func<HttpMessageHandler>? handlerFactory)
        : this(options: null, handler: null, delay: null, handlerFactory)
    {
    }

    /// <param name="options">Timeouts, attempts and caps; <see cref="TransportOptions.Default"/> if null.</param>
    /// <param name="handler">A handler to send through (tests use one that trusts a test certificate); the fetcher sets its timeouts and redirect handling.</param>
    /// <param name="delay">How to wait between attempts (tests record the waits instead of sleeping).</param>
    /// <param name="handlerFactory">The application's handler; when set, no client of Summon's own is made.</param>
    internal HttpFetcher(TransportOptions? options, SocketsHttpHandler? handler, Func<TimeSpan, CancellationToken, Task>? delay, Func<HttpMessageHandler>? handlerFactory = null)
    {
        this.options = options ?? TransportOptions.Default;
        this.delay = delay ?? Task.Delay;
        this.handlerFactory = handlerFactory;
        client = handlerFactory is null ? OwnClient(handler ?? new SocketsHttpHandler(), this.options) : null;
    }

    private static HttpClient OwnClient(SocketsHttpHandler handler, TransportOptions options)
    {
        handler.ConnectTimeout = options.ConnectTimeout;
        handler.AutomaticDecompression = DecompressionMethods.None;
        handler.PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30);
        // Redirects are followed here, not by the handler, to count them and to say why one is refused.
        handler.AllowAutoRedirect = false;
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<byte[]> FetchBytesAsync(Uri url, long maxLength, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        // The buffer is ours, so a body that changed under a resume can simply start over in it.
        await FetchAsync(url, buffer, new ResumePoint(), maxLength, rewind: () => buffer.SetLength(0), cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    public Task FetchToStreamAsync(Uri url, Stream destination, long maxLength, CancellationToken cancellationToken) =>
        FetchAsync(url, destination, new ResumePoint(), maxLength, rewind: null, cancellationToken);

    public Task ContinueToStreamAsync(Uri url, Stream destination, long offset, long maxLength, CancellationToken cancellationToken) =>
        FetchAsync(url, destination, new ResumePoint { Written = offset }, maxLength, rewind: null, cancellationToken);

    private async Task FetchAsync(Uri url, Stream destination, ResumePoint resume, long maxLength, Action? rewind, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.FetchTimeout);
        var started = Stopwatch.GetTimestamp();
        DownloadException? last = null;
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? retryAfter;
            try
            {
                await AttemptAsync(url, destination, resume, maxLength, rewind, deadline.Token).ConfigureAwait(false);
                return;
            }
            catch (TransientFailure failure)
            {
                last = failure.Failure;
                retryAfter = failure.RetryAfter;
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw OverDeadline(url, last, e);
            }

            if (attempt >= options.MaxAttempts)
            {
                throw new DownloadException(url, $"{last.Message} (Summon tried {attempt} times.)", last.StatusCode, last.InnerException);
            }
            if (retryAfter > options.MaxRetryAfter)
            {
                throw new DownloadException(url,
                    $"{last.Message} It asked to be retried after {retryAfter.Value.TotalSeconds:0} s, longer than Summon waits ({options.MaxRetryAfter.TotalSeconds:0} s): try again later.",
                    last.StatusCode, last.InnerException);
            }
            var wait = retryAfter ?? RetryPolicy.Backoff(attempt, options);
            if (wait >= options.FetchTimeout - Stopwatch.GetElapsedTime(started))
            {
                throw OverDeadline(url, last, null);
            }
            try
            {
                await delay(wait, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw OverDeadline(url, last, e);
            }
        }
    }

    /// <summary>
    /// One request and its body. Throws <see cref="TransientFailure"/> for what another attempt may fix, and
    /// <see cref="DownloadException"/> for what it will not; errors writing to the destination are the caller's and pass through.
    /// </summary>
    private async Task AttemptAsync(Uri url, Stream destination, ResumePoint resume, long maxLength, Action? rewind, CancellationToken deadline)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(deadline);
        stall.CancelAfter(options.StallTimeout);
        HttpResponseMessage? response = null;
        try
        {
            response = await SendAsync(url, resume, stall.Token).ConfigureAwait(false);
            var skip = Accept(url, response, resume, maxLength, rewind);
            stall.CancelAfter(options.StallTimeout);
            using var body = await response.Content.ReadAsStreamAsync(stall.Token).ConfigureAwait(false);
            await CopyAsync(url, body, destination, resume, skip, maxLength, stall).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!deadline.IsCancellationRequested)
        {
            // The handler's connect timeout surfaces as a cancellation too, one that carries a TimeoutException.
            var what = e.InnerException is TimeoutException && !stall.IsCancellationRequested
                ? $"could not be connected to within {options.ConnectTimeout.TotalSeconds:0.#} s"
                : $"sent nothing for {options.StallTimeout.TotalSeconds:0.#} s";
            throw new TransientFailure(new DownloadException(url,
                $"{url} {what}; the repository is too slow or unreachable: check the connection, or try again later.",
                innerException: e));
        }
        catch (HttpRequestException e)
        {
            throw new TransientFailure(new DownloadException(url,
                $"{url} could not be fetched: {e.Message} Check the connection and the repository URL, or try again later.",
                (int?)e.StatusCode, e));
        }
        finally
        {
            response?.Dispose();
        }
    }

    /// <summary>Sends the request, following redirects the <see cref="RedirectPolicy"/> allows, at most <see cref="TransportOptions.MaxRedirects"/>.</summary>
    private async Task<HttpResponseMessage> SendAsync(Uri url, ResumePoint resume, CancellationToken cancellationToken)
    {
        var current = url;
        for (var hops = 0; ; hops++)
        {
            HttpResponseMessage response;
            using (var request = new HttpRequestMessage(HttpMethod.Get, current))
            {
                if (current.Scheme == Uri.UriSchemeHttps)
                {
                    // Many small metadata and index requests share one connection; a server without HTTP/2 answers in 1.1.
                    // Plain http stays 1.1: h2c needs prior knowledge, which a repository URL does not give.
                    request.Version = HttpVersion.Version20;
                    request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
                }
                request.Headers.UserAgent.Add(UserAgent);
                resume.AddRangeHeaders(request);
                response = await SendOnceAsync(request, cancellationToken).ConfigureAwait(false);
            }
            var status = (int)response.StatusCode;
            // An application's handler may follow redirects itself; where it ended up must still pass the policy.
            if (response.RequestMessage?.RequestUri is { } reached && reached != current && RedirectPolicy.Refusal(current, reached) is { } refused)
            {
                response.Dispose();
                throw new DownloadException(url, $"{url} was not used: the application's HTTP handler followed a redirect, and {refused}. Configure the repository's https address directly, or turn off automatic redirects in the handler.", status);
            }
            if (!RedirectPolicy.IsRedirect(status))
            {
                return response;
            }
            var location = response.Headers.Location;
            response.Dispose();
            if (location is null)
            {
                throw new DownloadException(url, $"{current} answered {status} (a redirect) without saying where to; the repository's server is misconfigured: tell its operator.", status);
            }
            var next = location.IsAbsoluteUri ? location : new Uri(current, location);
            if (hops >= options.MaxRedirects)
            {
                throw new DownloadException(url,
                    $"{url} redirected more than {options.MaxRedirects} times (last to {next}); its server is probably in a redirect loop. Tell the repository's operator, or configure the final address.",
                    status);
            }
            if (RedirectPolicy.Refusal(current, next) is { } why)
            {
                throw new DownloadException(url, $"{url} was not followed: {why}. Configure the repository's https address directly, or ask its operator to fix the redirect.", status);
            }
            current = next;
        }
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        client is not null
            ? client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            : SendThroughApplicationHandlerAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> SendThroughApplicationHandlerAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The handler belongs to the application (pooled by IHttpClientFactory, say): the invoker only borrows it, and
        // an invoker (unlike HttpClient) neither buffers the body nor cancels it when disposed.
        using var borrowed = new HttpMessageInvoker(handlerFactory!(), disposeHandler: false);
        return await borrowed.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Decides what to do with a response before reading its body: how many of its first bytes the destination
    /// already has (to skip), or why it cannot be used.
    /// </summary>
    private static long Accept(Uri url, HttpResponseMessage response, ResumePoint resume, long maxLength, Action? rewind)
    {
        var status = (int)response.StatusCode;
        if (status == 200)
        {
            var announced = response.Content.Headers.ContentLength;
            if (announced > maxLength)
            {
                throw TooLong(url, maxLength);
            }
            if (resume.Written > 0 && (rewind is not null || !resume.IsSameFile(response)))
            {
                if (rewind is null)
                {
                    throw new DownloadException(url,
                        $"{url} changed on the server while it was being downloaded (after {resume.Written} bytes), so the download was abandoned rather than mix two versions of it: try again.",
                        status);
                }
                rewind();
                resume.Written = 0;
            }
            if (resume.Written == 0 || resume.TotalLength is null)
            {
                resume.Capture(response, announced);
            }
            // A server that ignores Range sends the file from its start; the bytes the destination holds are skipped, not written again.
            return resume.Written;
        }
        if (ResumePoint.IsPartial(response))
        {
            var range = response.Content.Headers.ContentRange;
            if (resume.Written == 0 || !resume.IsContinuation(range) || !resume.IsSameFile(response))
            {
                throw new DownloadException(url,
                    $"{url} answered a request for the bytes from {resume.Written} on with {(range is null ? "no range" : $"the range {range}")}; the server handles ranges wrongly, so the download was abandoned: try again, or tell the repository's operator.",
                    status);
            }
            if (range!.Length > maxLength)
            {
                throw TooLong(url, maxLength);
            }
            if (resume.TotalLength is null)
            {
                resume.Capture(response, range.Length);
            }
            return 0;
        }
        var failure = new DownloadException(url, $"{url} answered {status} {response.ReasonPhrase}: {Explain(status)}.", status);
        if (RetryPolicy.IsTransientStatus(status))
        {
            throw new TransientFailure(failure, RetryPolicy.RetryAfter(response.Headers.RetryAfter, DateTimeOffset.UtcNow));
        }
        throw failure;
    }

    /// <summary>
    /// Reads asynchronously (the network decides when bytes come) and writes synchronously: the destinations are a
    /// staging file or a buffer, where a write of one chunk takes microseconds, while an asynchronous file write hands
    /// every chunk to another pool thread (on Linux a blocking write there): more code and more busy threads for every
    /// download, which cost measurable memory and time (docs/benchmarks.md, "The cold path").
    /// </summary>
    private async Task CopyAsync(Uri url, Stream body, Stream destination, ResumePoint resume, long skip, long maxLength, CancellationTokenSource stall)
    {
        var chunk = new byte[BufferSize];
        while (true)
        {
            stall.CancelAfter(options.StallTimeout);
            int read;
            try
            {
                read = await body.ReadAsync(chunk, stall.Token).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                // An I/O error while reading the body is the network's (worth resuming); one while writing is the caller's disk's.
                throw new TransientFailure(new DownloadException(url,
                    $"the connection to {url} broke after {resume.Written} bytes: {e.Message} Check the connection, or try again later.",
                    innerException: e));
            }
            if (read == 0)
            {
                break;
            }
            var offset = (int)Math.Min(skip, read);
            skip -= offset;
            var count = read - offset;
            if (count == 0)
            {
                continue;
            }
            if (resume.Written + count > maxLength)
            {
                throw TooLong(url, maxLength);
            }
            destination.Write(chunk, offset, count);
            resume.Written += count;
        }
        if (skip > 0 || resume.Written < resume.TotalLength)
        {
            throw new TransientFailure(new DownloadException(url,
                $"the response from {url} ended after {resume.Written} of {resume.TotalLength} bytes; the connection or the server failed: try again."));
        }
    }

    private static string Explain(int status) => status switch
    {
        404 or 410 => "the repository has no such file; check the repository URL, or tell its operator that the repository is incomplete",
        401 or 403 => "access was refused; check the repository URL, and that the repository can be read without credentials",
        408 or 429 => "the server is too busy; try again later",
        416 => "the file is shorter than the server said it was; the server is misbehaving, tell the repository's operator",
        >= 500 => "the server failed; try again later, or tell the repository's operator",
        _ => "the server refused the request; check the repository URL",
    };

    private static DownloadException TooLong(Uri url, long maxLength) =>
        new(url, $"{url} sent more than the {maxLength} bytes allowed for it; the repository or a server between is misbehaving, tell the repository's operator.");

    private DownloadException OverDeadline(Uri url, DownloadException? last, Exception? cause) =>
        new(url,
            $"Fetching {url} took longer than {options.FetchTimeout.TotalSeconds:0} s in all and was abandoned{(last is null ? "" : $" (the last failure: {last.Message})")}; the repository is too slow or unreachable: check the connection, or try again later.",
            last?.StatusCode, cause ?? last);

    public void Dispose() => client?.Dispose();

    /// <summary>A failure another attempt may fix, and how long the server asked to wait before it.</summary>
    private sealed class TransientFailure(DownloadException failure, TimeSpan? retryAfter = null) : Exception(failure.Message, failure)
    {
        public DownloadException Failure { get; } = failure;

        public TimeSpan? RetryAfter { get; } = retryAfter;
    }
}
