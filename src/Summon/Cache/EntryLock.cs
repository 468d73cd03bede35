using System.Diagnostics;

namespace Summon.Cache;

/// <summary>
/// A cross-process lock on one cache entry (a module version): an exclusively opened file under <c>v1/locks/</c>.
/// The operating system keeps the exclusivity (flock on Unix, share modes on Windows) and drops it when the holder's
/// handle closes, so a holder that crashed or was killed never blocks anyone. Lock files are never deleted: deleting
/// one while another process waits on its old inode would let two processes hold "the" lock at once.
/// </summary>
internal sealed class EntryLock : IDisposable
{
    private readonly FileStream stream;

    private EntryLock(FileStream stream, string path)
    {
        this.stream = stream;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Takes the lock at once, or returns null when another holder has it.</summary>
    public static EntryLock? TryAcquire(string path)
    {
        CacheLocation.CreatePrivateDirectory(System.IO.Path.GetDirectoryName(path)!);
        try
        {
            return new EntryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None), path);
        }
        catch (IOException) when (File.Exists(path))
        {
            // The file exists but another handle has it exclusively: held. (Any other I/O failure is rethrown below.)
            return null;
        }
        catch (UnauthorizedAccessException) when (OperatingSystem.IsWindows() && File.Exists(path))
        {
            return null;
        }
    }

    /// <summary>
    /// Waits for the lock, polling with a growing pause (locks are held for the length of one install, seconds at most
    /// on a good connection), until <paramref name="timeout"/> passes or <paramref name="cancellationToken"/> fires.
    /// </summary>
    /// <exception cref="SummonException">The lock was still held when the time was up.</exception>
    public static async Task<EntryLock> AcquireAsync(string path, string what, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryAcquire(path) is { } taken)
            {
                return taken;
            }
            if (waited.Elapsed >= timeout)
            {
                throw new SummonException(
                    $"Waited {timeout.TotalSeconds:0} s for another process to finish {what} (it holds {path}) and gave up. If that process is stuck, stop it; a process that ended releases the lock by itself.");
            }
            await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 250));
        }
    }

    public void Dispose() => stream.Dispose();
}
