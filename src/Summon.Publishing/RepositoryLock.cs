namespace Summon.Publishing;

/// <summary>
/// One editor per repository at a time: two publishers bumping the same snapshot version would each
/// overwrite the other's work. The lock is an OS file lock, released even if the process dies.
/// </summary>
internal sealed class RepositoryLock : IDisposable
{
    private const string FileName = ".summon-lock";
    private readonly FileStream stream;

    private RepositoryLock(FileStream stream) => this.stream = stream;

    public static RepositoryLock Acquire(string repositoryDirectory, TimeSpan wait)
    {
        var path = Path.Combine(repositoryDirectory, FileName);
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            try
            {
                return new RepositoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
            catch (IOException e)
            {
                throw new PublishingException($"The repository {repositoryDirectory} is being changed by another process (lock {path}). Wait for it to finish and try again.", e);
            }
        }
    }

    public void Dispose() => stream.Dispose();
}
