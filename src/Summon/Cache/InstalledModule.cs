namespace Summon.Cache;

/// <summary>A module version present in the cache, with the record its install left.</summary>
internal sealed class InstalledModule(string directory, InstallRecord record)
{
    public string Directory { get; } = directory;

    public InstallRecord Record { get; } = record;

    public string Id => Record.ModuleId;

    public string Version => Record.Version;

    public long TotalBytes => Record.Files.Sum(f => f.Length);

    /// <exception cref="SummonException">The path would lead outside the module's folder.</exception>
    public string PathOf(string relativePath) => ContainedPath.Combine(Directory, relativePath);

    /// <summary>
    /// The warm-path check: every file still has the size and modification time it had when it was
    /// verified. A stat per file, no hashing; <c>summon cache verify</c> re-hashes on demand. A module folder or file
    /// replaced by a symlink counts as damaged (one more stat): what the cache verified is files, never links to elsewhere.
    /// </summary>
    public bool IsIntact()
    {
        var folder = new DirectoryInfo(Directory);
        if (!folder.Exists || folder.Attributes.HasFlag(FileAttributes.ReparsePoint))
        {
            return false;
        }
        foreach (var file in Record.Files)
        {
            if (ContainedPath.TryCombine(Directory, file.RelativePath) is not { } path)
            {
                return false;
            }
            var info = new FileInfo(path);
            if (!info.Exists || info.Attributes.HasFlag(FileAttributes.ReparsePoint) || info.Length != file.Length || info.LastWriteTimeUtc.Ticks != file.LastWriteTicksUtc)
            {
                return false;
            }
        }
        return true;
    }
}
