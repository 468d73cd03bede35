namespace Summon.Transport;

/// <summary>
/// Fetches from a repository that has mirrors: a URL under the primary base is tried under each base in turn
/// (healthy ones first, see <see cref="MirrorHealth"/>) until one serves it. Any failure of one mirror moves on to
/// the next, a "not found" included (a mirror may lag behind the primary); nothing here trusts a mirror, because
/// the caller verifies metadata and files whatever served them. URLs outside the primary base are fetched as they are.
/// </summary>
internal sealed class MirroredFetcher : IFetcher
{
    private readonly string primary;
    private readonly IReadOnlyList<Uri> bases;
    private readonly IFetcher inner;
    private readonly MirrorHealth health;

    /// <param name="primary">The repository's own base URL.</param>
    /// <param name="mirrors">Other base URLs holding the same files, in order of preference.</param>
    /// <param name="inner">What fetches from one URL (with its own retries).</param>
    /// <param name="health">Which mirrors failed; the process-wide record if null.</param>
    public MirroredFetcher(Uri primary, IEnumerable<Uri> mirrors, IFetcher inner, MirrorHealth? health = null)
    {
        var primaryBase = WithTrailingSlash(primary);
        this.primary = primaryBase.AbsoluteUri;
        bases = new[] { primaryBase }.Concat(mirrors.Select(WithTrailingSlash))
            .DistinctBy(b => b.AbsoluteUri, StringComparer.Ordinal)
            .ToList();
        this.inner = inner;
        this.health = health ?? MirrorHealth.Process;
    }

    /// <summary>The fetcher for a repository: <paramref name="inner"/> itself when there are no mirrors.</summary>
    public static IFetcher Over(Uri repository, IEnumerable<Uri> mirrors, IFetcher inner) =>
        mirrors.Any() ? new MirroredFetcher(repository, mirrors, inner) : inner;

    public Task<byte[]> FetchBytesAsync(Uri url, long maxLength, CancellationToken cancellationToken) =>
        // Each mirror fills a buffer of its own, so a mirror that failed half way leaves nothing behind.
        FromEachAsync(url, candidate => inner.FetchBytesAsync(candidate, maxLength, cancellationToken));

    public async Task FetchToStreamAsync(Uri url, Stream destination, long maxLength, CancellationToken cancellationToken)
    {
        var counting = new CountingStream(destination);
        await FromEachAsync(url, async candidate =>
        {
            if (counting.Written == 0)
            {
                await inner.FetchToStreamAsync(candidate, counting, maxLength, cancellationToken).ConfigureAwait(false);
            }
            else if (inner is IResumableFetcher resumable)
            {
                // The destination cannot take back what it has: the next mirror continues where the last one stopped.
                await resumable.ContinueToStreamAsync(candidate, counting, counting.Written, maxLength, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                throw new DownloadException(candidate, $"{url} broke off after {counting.Written} bytes and the other mirrors cannot continue it: try again.");
            }
            return true;
        }).ConfigureAwait(false);
    }

    private async Task<T> FromEachAsync<T>(Uri url, Func<Uri, Task<T>> fetch)
    {
        var absolute = url.AbsoluteUri;
        if (!absolute.StartsWith(primary, StringComparison.Ordinal))
        {
            return await fetch(url).ConfigureAwait(false);
        }
        var relative = absolute[primary.Length..];
        DownloadException? notFound = null, failed = null;
        foreach (var mirror in health.Order(bases))
        {
            try
            {
                var result = await fetch(new Uri(mirror, relative)).ConfigureAwait(false);
                health.Succeeded(mirror);
                return result;
            }
            catch (DownloadException e) when (e.StatusCode is 403 or 404 or 410)
            {
                // A mirror that answers "not here" works; it may lag behind the primary, so it is not marked as failed.
                notFound ??= e;
            }
            catch (DownloadException e)
            {
                health.Failed(mirror);
                failed = e;
            }
        }
        // "Not found" wins over a failure: the caller (the root update, say) reads it as an answer.
        var reason = notFound ?? failed!;
        throw new DownloadException(url,
            $"{relative} could not be fetched from the repository {primary} or any of its {bases.Count - 1} mirror(s). {reason.Message}",
            reason.StatusCode, reason);
    }

    private static Uri WithTrailingSlash(Uri url) =>
        url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}
