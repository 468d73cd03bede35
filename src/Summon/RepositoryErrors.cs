namespace Summon;

/// <summary>Turns a transport failure into the error a user can act on: which repository, what failed, what to do.</summary>
internal static class RepositoryErrors
{
    private static bool IsUnreachable(DownloadException e) =>
        e.StatusCode is null && e.InnerException is HttpRequestException or OperationCanceledException or TimeoutException or IOException;

    public static async Task<T> WrapAsync<T>(SummonOptions options, Func<Task<T>> fetch, string what)
    {
        try
        {
            return await fetch().ConfigureAwait(false);
        }
        catch (DownloadException e) when (IsUnreachable(e))
        {
            throw new RepositoryUnavailableException(options.Repository?.ToString() ?? "",
                $"Could not fetch {what}: the repository at {options.Repository} could not be reached ({e.Message}). Check that it is running and the URL is right; to use a module while offline later, run `summon prefetch <module>` while online.", e);
        }
        catch (DownloadException e)
        {
            // The server answered but misbehaved (an error status, too many bytes, a refused redirect): saying it could
            // not be reached would send the user to check the wrong thing.
            throw new RepositoryUnavailableException(options.Repository?.ToString() ?? "",
                $"Could not fetch {what} from the repository at {options.Repository}: {e.Message} Nothing was installed; if it persists, tell the repository's operator.", e);
        }
    }
}
