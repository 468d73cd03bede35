namespace Summon.Cache;

/// <summary>
/// Writes a whole file so that readers (a loading process, a server, a client mid-download) see the old content or
/// the new, never a part: a hidden temporary file beside it, flushed to disk, renamed over it. The one place the
/// cache, the trust layer and the publishing tools do this.
/// </summary>
internal static class AtomicFile
{
    /// <param name="path">The file to replace.</param>
    /// <param name="content">Its whole new content.</param>
    /// <param name="mode">The Unix mode to create it with, if not the default.</param>
    /// <param name="durable">
    /// False skips the flush to disk, for files that are only a cache of something else and whose readers reject a
    /// truncated copy (a crash can leave the renamed file shorter than written); a flush costs milliseconds.
    /// </param>
    public static void Write(string path, ReadOnlySpan<byte> content, UnixFileMode? mode = null, bool durable = true)
    {
        var temporary = TemporaryBeside(path);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (mode is { } unixMode && !OperatingSystem.IsWindows())
            {
                // Created with its final mode, so a private key is never readable by others, even for an instant.
                options.UnixCreateMode = unixMode;
            }
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: durable);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            DeleteQuietly(temporary);
        }
    }

    public static void WriteText(string path, string contents) => Write(path, System.Text.Encoding.UTF8.GetBytes(contents));

    /// <summary>Copies a file in the same all-or-nothing way.</summary>
    public static void Copy(string source, string destination)
    {
        var temporary = TemporaryBeside(destination);
        try
        {
            File.Copy(source, temporary);
            File.Move(temporary, destination, overwrite: true);
        }
        finally
        {
            DeleteQuietly(temporary);
        }
    }

    // Beside the target, so the rename never crosses file systems; hidden, so servers and listings skip it.
    private static string TemporaryBeside(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover hidden temporary file is harmless; the write itself already succeeded or already threw.
        }
    }
}
