namespace Summon.Cache;

/// <summary>A module version present in the cache, with the record its install left.</summary>
internal sealed class InstalledModule(string directory, InstallRecord record)
{
    public string Directory { get; } = directory;

    public InstallRecord Record { get; } = record;

    public string Id => Record.ModuleId;

    public string Version => Record.Version;

    public long TotalBytes => Record.Files.Sum(f => f.Length);

    public string PathOf(string relativePath) => Path.Combine(Directory, relativePath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>
    /// The warm-path check: every file still has the size and modification time it had when it was
    /// verified. A stat per file, no hashing; <c>summon cache verify</c> re-hashes on demand.
    /// </summary>
    public bool IsIntact()
    {
        foreach (var file in Record.Files)
        {
            var info = new FileInfo(PathOf(file.RelativePath));
            if (!info.Exists || info.Length != file.Length || info.LastWriteTimeUtc.Ticks != file.LastWriteTicksUtc)
            {
                return false;
            }
        }
        return true;
    }
}
