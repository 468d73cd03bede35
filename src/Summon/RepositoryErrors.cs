namespace Summon;

/// <summary>Turns a transport failure into the error a user can act on: which repository, what failed, what to do.</summary>
internal static class RepositoryErrors
{
    public static async Task<T> WrapAsync<T>(SummonOptions options, Func<Task<T>> fetch, string what)
    {
        try
        {
            return await fetch().ConfigureAwait(false);
        }
        catch (DownloadException e)
        {
            throw new RepositoryUnavailableException(options.Repository?.ToString() ?? "",
                $"Could not fetch {what}: the repository at {options.Repository} could not be reached ({e.Message}). Check that it is running and the URL is right; to use a module while offline later, run `summon prefetch <module>` while online.", e);
        }
    }
}
