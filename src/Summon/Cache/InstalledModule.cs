namespace Summon.Cache;

/// <summary>A module version present in the cache, with the record its install left.</summary>
internal sealed class InstalledModule(string directory, InstallRecord record)
{
    private string[]? filePaths;

    /// <summary>Until when this process knows the version's use marker is fresh (<see cref="ModuleStore.MarkUsed"/>), in UTC ticks.</summary>
    internal long UsedMarkFreshUntilTicks;

    public string Directory { get; } = directory;

    public InstallRecord Record { get; } = record;

    public string Id => Record.ModuleId;

    public string Version => Record.Version;

    public long TotalBytes
    {
        get
        {
            long total = 0;
            foreach (var file in Record.Files)
            {
                total += file.Length;
            }
            return total;
        }
    }

    /// <exception cref="SummonException">The path would lead outside the module's folder.</exception>
    public string PathOf(string relativePath) => ContainedPath.Combine(Directory, relativePath);

    /// <summary>
    /// The warm-path check: every file still has the size and modification time it had when it was
    /// verified. A stat per file, no hashing; <c>summon cache verify</c> re-hashes on demand. A module folder or file
    /// replaced by a symlink counts as damaged (one more stat): what the cache verified is files, never links to elsewhere.
    /// </summary>
    public bool IsIntact() => FileStamp.Of(Directory, followLinks: false).Kind == FileStampKind.Directory && FilesUnchanged();

    /// <summary>The files' half of <see cref="IsIntact"/>, for a caller that has just stat'ed the folder itself (<see cref="ModuleStore.Inspect"/>).</summary>
    public bool FilesUnchanged()
    {
        if (FilePaths() is not { } paths)
        {
            return false;
        }
        for (var i = 0; i < paths.Length; i++)
        {
            if (!Record.Files[i].IsUnchanged(FileStamp.Of(paths[i], followLinks: false)))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Where each recorded file is, worked out once per module (<see cref="StampedMemo"/> hands the same module to later
    /// lookups); null if one would lead outside the module's folder.
    /// </summary>
    private string[]? FilePaths()
    {
        if (filePaths is null)
        {
            var paths = new string[Record.Files.Count];
            for (var i = 0; i < paths.Length; i++)
            {
                if (ContainedPath.TryCombine(Directory, Record.Files[i].RelativePath) is not { } path)
                {
                    return null;
                }
                paths[i] = path;
            }
            filePaths = paths;
        }
        return filePaths;
    }
}
