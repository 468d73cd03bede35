using System.Security.Cryptography;
using System.Text;

namespace Summon.Cache;

/// <summary>
/// The on-disk store. Layout under the cache root:
/// <c>v1/modules/&lt;id&gt;/&lt;version&gt;/</c> installed modules (their files and install record),
/// <c>v1/assemblies/&lt;name&gt;</c> which installed module provides an assembly,
/// <c>v1/warm/&lt;app key&gt;/&lt;name&gt;</c> the warm locator's answers, replayed by <see cref="Loading.WarmStart"/>,
/// <c>v1/repositories/&lt;key&gt;/metadata/</c> trusted TUF metadata per repository,
/// <c>v1/staging/</c> installs in progress, <c>v1/locks/</c> one lock file per module version (see <see cref="EntryLock"/>).
/// The version prefix lets a future layout live beside this one.
/// </summary>
internal sealed class ModuleStore
{
    private const string LayoutVersion = "v1";

    public ModuleStore(string root)
    {
        Root = root;
        Layout = Path.Combine(root, LayoutVersion);
        ModulesDirectory = Path.Combine(Layout, "modules");
    }

    public string Root { get; }

    private string Layout { get; }

    internal string ModulesDirectory { get; }

    private string AssembliesDirectory => Path.Combine(Layout, "assemblies");

    internal string StagingDirectory => Path.Combine(Layout, "staging");

    private string LocksDirectory => Path.Combine(Layout, "locks");

    public string ModuleDirectory(string moduleId, string version) => Path.Combine(ModulesDirectory, moduleId, version);

    /// <summary>The lock file of one module version; whoever holds it may install, repair or remove that version.</summary>
    public string LockPath(string moduleId, string version) => Path.Combine(LocksDirectory, $"{moduleId}@{version}.lock");

    /// <summary>Waits (bounded, cancellable) for the lock of one module version, across every process sharing the cache.</summary>
    public Task<EntryLock> LockEntryAsync(string moduleId, string version, TimeSpan timeout, CancellationToken cancellationToken) =>
        EntryLock.AcquireAsync(LockPath(moduleId, version), $"installing {moduleId} {version}", timeout, cancellationToken);

    /// <summary>The lock of one module version if nobody holds it, else null.</summary>
    public EntryLock? TryLockEntry(string moduleId, string version) => EntryLock.TryAcquire(LockPath(moduleId, version));

    /// <summary>Trusted metadata is kept per repository (URL and initial root), so two repositories never share rollback state.</summary>
    public string RepositoryMetadataDirectory(Uri repository, byte[] trustAnchor)
    {
        var identity = Encoding.UTF8.GetBytes(repository.AbsoluteUri).Concat(trustAnchor).ToArray();
        var hash = Convert.ToHexString(SHA256.HashData(identity))[..16].ToLowerInvariant();
        var host = new string(repository.Host.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        var directory = Path.Combine(Layout, "repositories", $"{host}-{repository.Port}-{hash}", "metadata");
        CacheLocation.CreatePrivateDirectory(directory);
        return directory;
    }

    public InstalledModule? TryGetInstalled(string moduleId, string version) => Inspect(moduleId, version)?.Installed;

    /// <summary>
    /// A version's folder as it stands: one stat of the folder, and while the folder keeps that stamp, what its install
    /// record said and whether it held the revoked marker are known from before (<see cref="StampedMemo"/>): both files
    /// are only ever created, replaced or removed whole, which changes the folder's time. Null when there is no folder,
    /// or a link stands in its place (the cache verified files in a folder, never links to elsewhere).
    /// </summary>
    public VersionFolder? Inspect(string moduleId, string version)
    {
        var directory = Path.Combine(ModulesDirectory, moduleId, version);
        var stamp = FileStamp.Of(directory, followLinks: false);
        if (stamp.Kind != FileStampKind.Directory)
        {
            return null;
        }
        if (StampedMemo.TryGet<VersionFolder>(directory, stamp, out var known))
        {
            return known;
        }
        var revoked = FileStamp.Of(Path.Combine(directory, RevokedMarker), followLinks: true).Kind == FileStampKind.File;
        var folder = new VersionFolder(ReadInstallRecord(directory, moduleId, version), revoked);
        StampedMemo.Keep(directory, stamp, folder);
        return folder;
    }

    private static InstalledModule? ReadInstallRecord(string directory, string moduleId, string version)
    {
        string text;
        try
        {
            text = File.ReadAllText(Path.Combine(directory, InstallRecord.FileName));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        return InstallRecord.TryParse(text) is { } record && record.ModuleId == moduleId && record.Version == version
            ? new InstalledModule(directory, record)
            : null;
    }

    /// <summary>
    /// The versions of a module present in the cache, by folder name: a stat of the module's folder, and a listing when
    /// it changed (adding or removing a version changes the folder's time).
    /// </summary>
    public IReadOnlyList<string> InstalledVersions(string moduleId)
    {
        var directory = Path.Combine(ModulesDirectory, moduleId);
        var stamp = FileStamp.Of(directory, followLinks: true);
        if (stamp.Kind != FileStampKind.Directory)
        {
            return [];
        }
        if (StampedMemo.TryGet<string[]>(directory, stamp, out var known))
        {
            return known;
        }
        try
        {
            var versions = new List<string>();
            foreach (var version in Directory.EnumerateDirectories(directory))
            {
                versions.Add(Path.GetFileName(version));
            }
            var listed = versions.ToArray();
            StampedMemo.Keep(directory, stamp, listed);
            return listed;
        }
        catch (DirectoryNotFoundException)
        {
            // Not installed, or `summon cache clear` renamed the tree away meanwhile: nothing is cached either way.
            return [];
        }
    }

    public IEnumerable<InstalledModule> ListInstalled()
    {
        List<string> moduleDirectories;
        try
        {
            moduleDirectories = Directory.EnumerateDirectories(ModulesDirectory).Order(StringComparer.Ordinal).ToList();
        }
        catch (DirectoryNotFoundException)
        {
            yield break;
        }
        foreach (var moduleDirectory in moduleDirectories)
        {
            var id = Path.GetFileName(moduleDirectory);
            foreach (var version in InstalledVersions(id).Order(StringComparer.Ordinal))
            {
                if (TryGetInstalled(id, version) is { } installed)
                {
                    yield return installed;
                }
            }
        }
    }

    /// <summary>The module id an installed module recorded for an assembly name, if any.</summary>
    public string? LookupAssemblyProvider(string assemblyName)
    {
        var path = AssemblyIndexEntry(assemblyName);
        // A stat first: the runtime asks about many assemblies no module provides, and a thrown exception costs far more.
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private const string RevokedMarker = ".summon-revoked";

    /// <summary>Records that the repository revoked an installed version, and why; loads consult it without the network.</summary>
    public void MarkRevoked(string moduleId, string version, string reason)
    {
        var directory = Path.Combine(ModulesDirectory, moduleId, version);
        if (Directory.Exists(directory))
        {
            AtomicFile.WriteText(Path.Combine(directory, RevokedMarker), reason);
        }
    }

    /// <summary>Whether the version carries the revoked marker: one stat (of its folder, see <see cref="Inspect"/>).</summary>
    public bool IsMarkedRevoked(string moduleId, string version) => Inspect(moduleId, version)?.MarkedRevoked == true;

    /// <summary>Why an installed version was revoked, or null when it was not (one stat of its folder on the warm path).</summary>
    public string? RevokedReason(string moduleId, string version)
    {
        if (!IsMarkedRevoked(moduleId, version))
        {
            return null;
        }
        try
        {
            return File.ReadAllText(Path.Combine(ModulesDirectory, moduleId, version, RevokedMarker));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private string FreshnessStamp => Path.Combine(Layout, "last-freshness-check");

    /// <summary>When the cache last asked the repository about revocations; <see cref="DateTime.MinValue"/> if never.</summary>
    public DateTime LastFreshnessCheckUtc => File.Exists(FreshnessStamp) ? File.GetLastWriteTimeUtc(FreshnessStamp) : DateTime.MinValue;

    public void RecordFreshnessCheck()
    {
        CacheLocation.CreatePrivateDirectory(Layout);
        AtomicFile.WriteText(FreshnessStamp, DateTime.UtcNow.ToString("O"));
    }

    public InstallStaging BeginInstall(string moduleId, string version)
    {
        CacheLocation.CreatePrivateDirectory(StagingDirectory);
        var staging = Path.Combine(StagingDirectory, StagingSweeper.StagingName(moduleId, version));
        CacheLocation.CreatePrivateDirectory(staging);
        return new InstallStaging(this, staging, moduleId, version);
    }

    /// <summary>
    /// Moves a completed staging folder into place in one rename. If another process got there first,
    /// its install wins and ours is discarded; a damaged folder in the way is moved aside first.
    /// </summary>
    internal InstalledModule Publish(string stagingDirectory, InstallRecord record)
    {
        var moduleDirectory = Path.Combine(ModulesDirectory, record.ModuleId);
        CacheLocation.CreatePrivateDirectory(moduleDirectory);
        var final = Path.Combine(moduleDirectory, record.Version);
        if (TryGetInstalled(record.ModuleId, record.Version) is { } existing && existing.IsIntact())
        {
            DeleteQuietly(stagingDirectory);
            // The winner may have died between its rename and its index entries; writing them again is harmless.
            RecordAssemblies(existing.Record);
            return existing;
        }
        if (Directory.Exists(final))
        {
            MoveAsideAndDelete(final);
        }
        try
        {
            Directory.Move(stagingDirectory, final);
        }
        catch (IOException) when (TryGetInstalled(record.ModuleId, record.Version) is { } raced)
        {
            DeleteQuietly(stagingDirectory);
            return raced;
        }
        RecordAssemblies(record);
        return new InstalledModule(final, record);
    }

    /// <summary>
    /// Adds a lazy file to an installed module: written and verified in staging by <paramref name="write"/>, then
    /// renamed into place, so the module folder never holds a partial file. A copy placed meanwhile by another process wins.
    /// </summary>
    public async Task<string> PlaceLazyFileAsync(InstalledModule module, string relativePath, Func<FileStream, Task> write)
    {
        var final = module.PathOf(relativePath);
        CacheLocation.CreatePrivateDirectory(StagingDirectory);
        var temporary = Path.Combine(StagingDirectory, $"lazy-{Guid.NewGuid():N}");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.None))
            {
                await write(stream).ConfigureAwait(false);
            }
            CacheLocation.CreatePrivateDirectory(Path.GetDirectoryName(final)!);
            try
            {
                File.Move(temporary, final);
            }
            catch (IOException) when (File.Exists(final))
            {
            }
            return final;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The index entry naming the module that provides an assembly (present or not).</summary>
    public string AssemblyIndexEntry(string assemblyName) => Path.Combine(AssembliesDirectory, AsciiText.ToLowerInvariant(assemblyName));

    private void RecordAssemblies(InstallRecord record)
    {
        CacheLocation.CreatePrivateDirectory(AssembliesDirectory);
        foreach (var assembly in record.Assemblies.Keys)
        {
            AtomicFile.WriteText(AssemblyIndexEntry(assembly), record.ModuleId);
        }
    }

    /// <summary>
    /// Empties the cache. The layout folder is first renamed away in one step, so a process loading from the
    /// cache sees either the old tree or none, and files it already opened stay readable until it closes them.
    /// </summary>
    public void Clear()
    {
        try
        {
            MoveAsideAndDelete(Layout);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone, or another clear renamed it away first: either way the cache is empty.
        }
        foreach (var leftover in Directory.Exists(Root) ? Directory.EnumerateDirectories(Root, ".trash-*") : [])
        {
            DeleteQuietly(leftover);
        }
    }

    /// <summary>Takes a module version out of the cache in one rename (loads in progress keep their open files); the next import fetches it again.</summary>
    internal void Remove(string moduleId, string version)
    {
        try
        {
            MoveAsideAndDelete(ModuleDirectory(moduleId, version));
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    internal IEnumerable<string> TrashDirectories() => Directory.Exists(Root) ? Directory.EnumerateDirectories(Root, ".trash-*") : [];

    private const string UsedMarker = ".summon-used";

    /// <summary>
    /// Records that a version was loaded, for <c>summon cache prune</c>: a write at most once a day, and a stat per load
    /// until the module (as <see cref="Inspect"/> keeps it for this process) knows its marker is fresh for the day.
    /// Failures are ignored: a cache that cannot record use still loads.
    /// </summary>
    public void MarkUsed(InstalledModule module)
    {
        var now = DateTime.UtcNow.Ticks;
        if (now < module.UsedMarkFreshUntilTicks)
        {
            return;
        }
        var marker = Path.Combine(module.Directory, UsedMarker);
        var stamp = FileStamp.Of(marker, followLinks: true);
        if (stamp.Kind == FileStampKind.File && now - stamp.ModifiedTicksUtc < TimeSpan.TicksPerDay)
        {
            module.UsedMarkFreshUntilTicks = stamp.ModifiedTicksUtc + TimeSpan.TicksPerDay;
            return;
        }
        try
        {
            if (stamp.Kind == FileStampKind.Absent)
            {
                using (File.Create(marker))
                {
                }
            }
            File.SetLastWriteTimeUtc(marker, new DateTime(now, DateTimeKind.Utc));
            module.UsedMarkFreshUntilTicks = now + TimeSpan.TicksPerDay;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>When a version was last loaded (or installed, if never loaded since use was recorded).</summary>
    public DateTime LastUsedUtc(InstalledModule module)
    {
        var marker = new FileInfo(Path.Combine(module.Directory, UsedMarker));
        return marker.Exists ? marker.LastWriteTimeUtc : File.GetLastWriteTimeUtc(Path.Combine(module.Directory, InstallRecord.FileName));
    }

    private void MoveAsideAndDelete(string directory)
    {
        var trash = Path.Combine(Root, $".trash-{Guid.NewGuid():N}");
        Directory.Move(directory, trash);
        DeleteQuietly(trash);
    }

    internal static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file still held open (Windows) keeps its folder; it is under staging or trash, never in place.
        }
    }
}
