namespace Summon.Cache;

/// <summary>Writes a whole file so that readers see the old content or the new, never a part.</summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string contents, string temporaryDirectory) =>
        WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(contents), temporaryDirectory);

    public static void WriteAllBytes(string path, byte[] contents, string temporaryDirectory)
    {
        var temporary = Path.Combine(temporaryDirectory, $"{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
