namespace Summon;

/// <summary>A module version present in the cache.</summary>
public sealed class ModuleInfo
{
    internal ModuleInfo(string id, string version, string directory, int fileCount, long totalBytes)
    {
        Id = id;
        Version = version;
        Directory = directory;
        FileCount = fileCount;
        TotalBytes = totalBytes;
    }

    /// <summary>The module id.</summary>
    public string Id { get; }

    /// <summary>The installed version (SemVer 2.0, normalized).</summary>
    public string Version { get; }

    /// <summary>The folder that holds the module's files.</summary>
    public string Directory { get; }

    /// <summary>How many files the module has.</summary>
    public int FileCount { get; }

    /// <summary>The module's size on disk, in bytes.</summary>
    public long TotalBytes { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Id} {Version}";

    internal static ModuleInfo From(Cache.InstalledModule module) =>
        new(module.Id, module.Version, module.Directory, module.Record.Files.Count, module.TotalBytes);
}
