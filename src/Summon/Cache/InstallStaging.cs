namespace Summon.Cache;

/// <summary>
/// A module install in progress: a private folder inside the cache (so the final rename never crosses file
/// systems) that becomes the module's folder in one rename once every file is verified, or disappears.
/// </summary>
internal sealed class InstallStaging : IDisposable
{
    private readonly ModuleStore store;
    private bool published;

    internal InstallStaging(ModuleStore store, string directory, string moduleId, string version)
    {
        this.store = store;
        Directory = directory;
        ModuleId = moduleId;
        Version = version;
    }

    public string Directory { get; }

    public string ModuleId { get; }

    public string Version { get; }

    public FileStream CreateFile(string relativePath)
    {
        var path = PathOf(relativePath);
        CacheLocation.CreatePrivateDirectory(Path.GetDirectoryName(path)!);
        // Not opened for asynchronous I/O: the fetcher writes each chunk synchronously (HttpFetcher.CopyAsync), and on
        // Windows a synchronous write to an asynchronous handle is an overlapped write waited on.
        return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.None);
    }

    /// <summary>
    /// Records the staged files (sizes and times as they are now, after verification) and moves the module into place.
    /// </summary>
    public InstalledModule Publish(string repository, IReadOnlyDictionary<string, string> assemblies, IReadOnlyDictionary<string, string> sha256ByPath, IReadOnlyList<RecordedFile> lazyFiles, IReadOnlyDictionary<string, string> dependencies)
    {
        var files = sha256ByPath.Select(p =>
        {
            var info = new FileInfo(PathOf(p.Key));
            return new RecordedFile(p.Key, info.Length, info.LastWriteTimeUtc.Ticks, p.Value);
        }).OrderBy(f => f.RelativePath, StringComparer.Ordinal).ToList();
        var record = new InstallRecord(ModuleId, Version, repository, assemblies, files, lazyFiles, dependencies);
        AtomicFile.WriteText(Path.Combine(Directory, InstallRecord.FileName), record.Serialize());
        var installed = store.Publish(Directory, record);
        published = true;
        return installed;
    }

    private string PathOf(string relativePath) => ContainedPath.Combine(Directory, relativePath);

    public void Dispose()
    {
        if (!published)
        {
            ModuleStore.DeleteQuietly(Directory);
        }
    }
}
