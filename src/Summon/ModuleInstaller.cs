using NuGet.Versioning;
using Summon.Cache;
using Summon.Diagnostics;
using Summon.Modules;
using Summon.Modules.Resolution;

namespace Summon;

/// <summary>
/// Installs modules from one repository: solves the versions a request needs (its whole dependency closure,
/// honouring the application's lock), then downloads each missing module's files for this machine into staging,
/// verified, and publishes each module into the cache in one rename.
/// </summary>
internal sealed class ModuleInstaller(SummonOptions options, ModuleStore store, RepositoryClient client, LockFile? lockFile)
{
    private readonly RepositoryVersionSource source = new(client);

    public Uri Repository => client.Repository;

    /// <summary>Solves <paramref name="requirements"/>, preferring the lock's versions (and only those, in locked mode).</summary>
    public async Task<Resolution> ResolveAsync(IReadOnlyDictionary<string, VersionRange> requirements, bool followLock, CancellationToken cancellationToken)
    {
        foreach (var (id, range) in requirements)
        {
            await RequireAvailableAsync(new ModuleRequest(id, range), followLock, cancellationToken).ConfigureAwait(false);
        }
        var solverOptions = followLock && lockFile is not null
            ? new SolverOptions { PreferredVersions = lockFile.Modules.ToDictionary(m => m.Key, m => m.Value.Version), LockedOnly = options.Locked }
            : new SolverOptions();
        return await RepositoryErrors.WrapAsync(options, () => DependencySolver.SolveAsync(requirements, source, cancellationToken, solverOptions), $"the modules {string.Join(", ", requirements.Keys)} need").ConfigureAwait(false);
    }

    /// <summary>Installs every module of a resolution the cache lacks; returns them all, installed.</summary>
    public async Task<IReadOnlyDictionary<string, InstalledModule>> InstallAsync(Resolution resolution, bool followLock, CancellationToken cancellationToken, DownloadProgressReporter? progress = null)
    {
        var installed = new Dictionary<string, InstalledModule>(StringComparer.Ordinal);
        var missing = new List<(ModuleManifest Manifest, SelectedAssets Assets)>();
        foreach (var (id, version) in resolution.Versions)
        {
            var (manifest, sha256) = await RepositoryErrors.WrapAsync(options, () => source.GetManifestAsync(id, version, cancellationToken), $"module {id} {version}").ConfigureAwait(false);
            if (followLock && lockFile?.Modules.GetValueOrDefault(id) is { } locked && locked.Version == version && !string.Equals(locked.ManifestSha256, sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new ModuleVerificationException(id, "module.json",
                    $"The repository {Repository} now signs a different manifest for {id} {version} than the lock file recorded; a published version must never change. Nothing was installed. Tell the repository's operator, or run `summon update {id}` to accept the new one.");
            }
            if (store.TryGetInstalled(id, version.ToNormalizedString()) is { } present && present.IsIntact())
            {
                installed[id] = present;
            }
            else
            {
                missing.Add((manifest, AssetSelector.Select(manifest)));
            }
        }
        // Every download of the operation is planned before the first starts, so the totals a caller sees hold still.
        foreach (var (_, assets) in missing)
        {
            var eager = EagerFiles(assets);
            progress?.Plan(eager.Count, eager.Sum(f => f.File.Length));
        }
        foreach (var (manifest, assets) in missing)
        {
            installed[manifest.Id] = await InstallVersionAsync(manifest, assets, progress, cancellationToken).ConfigureAwait(false);
        }
        return installed;
    }

    /// <summary>The files an install downloads at once: this machine's, except those the module fetches on first use.</summary>
    private static List<SelectedFile> EagerFiles(SelectedAssets assets) => assets.Files.Where(f => !f.File.Lazy).ToList();

    /// <summary>The lock file that pins <paramref name="resolution"/>.</summary>
    public async Task<LockFile> LockAsync(Resolution resolution, CancellationToken cancellationToken)
    {
        var modules = new Dictionary<string, LockedModule>(StringComparer.Ordinal);
        foreach (var (id, version) in resolution.Versions)
        {
            var (_, sha256) = await source.GetManifestAsync(id, version, cancellationToken).ConfigureAwait(false);
            modules[id] = new LockedModule(id, version, sha256, resolution.Why(id));
        }
        return new LockFile(modules);
    }

    /// <summary>The versions of a module the repository marks revoked, with why.</summary>
    public async Task<IReadOnlyList<ModuleVersionEntry>> RevokedVersionsAsync(string moduleId, CancellationToken cancellationToken)
    {
        var index = await RepositoryErrors.WrapAsync(options, () => source.GetIndexAsync(moduleId, cancellationToken), $"module {moduleId}").ConfigureAwait(false);
        return index?.Versions.Where(v => v.IsRevoked).ToList() ?? [];
    }

    /// <summary>Fetches a lazy file of an installed module the first time it is asked for, verified like any other.</summary>
    public async Task<string> FetchLazyFileAsync(InstalledModule installed, RecordedFile lazy, CancellationToken cancellationToken, DownloadProgressReporter? progress = null)
    {
        var manifest = await RepositoryErrors.WrapAsync(options, () => client.GetManifestAsync(installed.Id, installed.Version, cancellationToken), $"module {installed.Id} {installed.Version}").ConfigureAwait(false)
            ?? throw new ModuleNotFoundException(installed.Id, $"The repository {Repository} no longer holds {installed.Id} {installed.Version}, so its file {lazy.RelativePath} cannot be fetched. Run `summon update {installed.Id}`.");
        var file = manifest.Files.FirstOrDefault(f => f.Lazy && f.Path == lazy.RelativePath && f.Sha256 == lazy.Sha256)
            ?? throw new ModuleVerificationException(installed.Id, lazy.RelativePath, $"The repository's manifest of {installed.Id} {installed.Version} no longer lists {lazy.RelativePath} as it was installed; a published version must never change. Tell the repository's operator.");
        progress?.Plan(1, file.Length);
        var download = progress?.StartFile(installed.Id, installed.Version, lazy.RelativePath, file.Length);
        var placed = await RepositoryErrors.WrapAsync(options, () => store.PlaceLazyFileAsync(installed, lazy.RelativePath, destination => client.DownloadFileAsync(manifest, file, destination, cancellationToken, download)), $"{lazy.RelativePath} of module {installed.Id}").ConfigureAwait(false);
        download?.Complete();
        options.Log?.Invoke($"summon: fetched {lazy.RelativePath} of {installed.Id} {installed.Version} ({lazy.Length} bytes)");
        return placed;
    }

    private async Task RequireAvailableAsync(ModuleRequest request, bool followLock, CancellationToken cancellationToken)
    {
        var index = await RepositoryErrors.WrapAsync(options, () => source.GetIndexAsync(request.Id, cancellationToken), $"module {request}").ConfigureAwait(false)
            ?? throw new ModuleNotFoundException(request.Id, $"The repository {Repository} has no module '{request.Id}'. Check the id, or ask the publisher which modules the repository holds.");
        if (followLock && lockFile?.Modules.GetValueOrDefault(request.Id) is { } locked)
        {
            var entry = index.Versions.FirstOrDefault(v => v.Version == locked.Version);
            if (entry is null || entry.IsRevoked)
            {
                var what = entry is null ? "which the repository no longer has" : $"which its publisher revoked ({entry.RevokedReason})";
                throw new ModuleRevokedException(request.Id, locked.Version.ToNormalizedString(), entry?.RevokedReason ?? "",
                    $"The lock file pins {request.Id} {locked.Version}, {what}. Run `summon update {request.Id}` to move the lock to a version the repository offers.");
            }
        }
        else if (options.Locked && lockFile is not null)
        {
            throw new SummonConfigurationException($"Module {request.Id} is not in the lock file and locked mode (SUMMON_LOCKED) is on, so it cannot be resolved. Run `summon lock` to add it, or turn locked mode off.");
        }
        if (request.Choose(index.Versions.Where(v => !v.IsRevoked).Select(v => v.Version)) is null)
        {
            var available = index.Versions.Where(v => !v.IsRevoked).Select(v => v.Version.ToNormalizedString()).ToList();
            var revoked = index.Versions.Where(v => v.IsRevoked && request.Range.Satisfies(v.Version)).Select(v => $"{v.Version} ({v.RevokedReason})").ToList();
            throw new ModuleNotFoundException(request.Id, $"The repository {Repository} has no version of {request.Id} in {request.Range.PrettyPrint()}"
                + (revoked.Count > 0 ? $"; revoked: {string.Join(", ", revoked)}" : "")
                + $". Available: {(available.Count > 0 ? string.Join(", ", available) : "none")}. Widen the version range or ask the publisher for a fixed version.");
        }
    }

    /// <summary>
    /// Installs one module version under its cross-process lock, so that processes sharing the cache download each file
    /// once: whoever waited finds it installed. The install is retried when <c>summon cache clear</c> took the staging
    /// folder away mid-way, and running out of disk space becomes an error that says what to free.
    /// </summary>
    private async Task<InstalledModule> InstallVersionAsync(ModuleManifest manifest, SelectedAssets assets, DownloadProgressReporter? progress, CancellationToken cancellationToken)
    {
        var versionText = manifest.Version.ToNormalizedString();
        var what = $"{manifest.Id} {versionText}";
        try
        {
            using var entryLock = await store.LockEntryAsync(manifest.Id, versionText, options.ImportTimeout, cancellationToken).ConfigureAwait(false);
            if (store.TryGetInstalled(manifest.Id, versionText) is { } installedMeanwhile && installedMeanwhile.IsIntact())
            {
                var planned = EagerFiles(assets);
                progress?.Unplan(planned.Count, planned.Sum(f => f.File.Length));
                return installedMeanwhile;
            }
            StagingSweeper.SweepDeadInstalls(store, manifest.Id, versionText);
            for (var attempt = 1; ; attempt++)
            {
                var receivedBefore = progress?.Received;
                try
                {
                    return await InstallUnderLockAsync(manifest, assets, progress, cancellationToken).ConfigureAwait(false);
                }
                catch (IOException e) when (attempt < 3 && e is DirectoryNotFoundException or FileNotFoundException)
                {
                    options.Log?.Invoke($"summon: the cache was cleared while {what} was being installed; installing it again");
                    if (progress is not null && receivedBefore is var (files, bytes))
                    {
                        // Progress never goes back, so what the lost attempt received stays received, and is planned
                        // again: the totals grow by what must be fetched twice, and still meet the counts at the end.
                        var (filesAfter, bytesAfter) = progress.Received;
                        progress.Plan(filesAfter - files, bytesAfter - bytes);
                    }
                }
            }
        }
        catch (Exception e) when (DiskSpace.IsOutOfSpace(e))
        {
            throw DiskSpace.OutOfSpace(store.Root, what, EagerFiles(assets).Sum(f => f.File.Length), e);
        }
    }

    private async Task<InstalledModule> InstallUnderLockAsync(ModuleManifest manifest, SelectedAssets assets, DownloadProgressReporter? progress, CancellationToken cancellationToken)
    {
        var versionText = manifest.Version.ToNormalizedString();
        using var staging = store.BeginInstall(manifest.Id, versionText);
        var eager = EagerFiles(assets);
        await RepositoryErrors.WrapAsync(options, async () =>
        {
            await Parallel.ForEachAsync(eager, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (selected, ct) =>
            {
                var download = progress?.StartFile(manifest.Id, versionText, selected.InstallPath, selected.File.Length);
                await using (var destination = staging.CreateFile(selected.InstallPath))
                {
                    await client.DownloadFileAsync(manifest, selected.File, destination, ct, download).ConfigureAwait(false);
                }
                download?.Complete();
            }).ConfigureAwait(false);
            return true;
        }, $"module {manifest.Id} {versionText}").ConfigureAwait(false);
        var lazy = assets.Files.Where(f => f.File.Lazy).Select(f => new RecordedFile(f.InstallPath, f.File.Length, 0, f.File.Sha256)).ToList();
        var installed = staging.Publish(Repository.ToString(), assets.Assemblies, eager.ToDictionary(f => f.InstallPath, f => f.File.Sha256, StringComparer.Ordinal), lazy,
            manifest.Dependencies.ToDictionary(d => d.Key, d => d.Value.ToNormalizedString(), StringComparer.Ordinal));
        options.Log?.Invoke($"summon: installed {manifest.Id} {versionText} ({eager.Count} files, {installed.TotalBytes} bytes{(lazy.Count > 0 ? $", {lazy.Count} lazy files left for later" : "")}) from {Repository}");
        return installed;
    }
}
