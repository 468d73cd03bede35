namespace Summon.Cache;

/// <summary>Writes a whole file so that readers see the old content or the new, never a part.</summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string contents, string temporaryDirectory)
    {
        var temporary = Path.Combine(temporaryDirectory, $"{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(contents);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
