using Summon.Diagnostics;
using Summon.Modules;
using Summon.Transport;
using Summon.Trust;

namespace Summon;

/// <summary>
/// Module facts read from one repository, each one a target the trust layer verified. Refreshes the
/// repository's metadata once per instance; the first call that needs the network pays for it.
/// </summary>
internal sealed class RepositoryClient
{
    private const long MaxIndexLength = 4 * 1024 * 1024;
    private readonly Updater updater;

    public RepositoryClient(Uri repository, string metadataDirectory, IFetcher fetcher)
    {
        Repository = repository;
        updater = new Updater(
            metadataDirectory,
            new Uri(repository, RepositoryLayout.MetadataFolder + "/"),
            new Uri(repository, RepositoryLayout.TargetsFolder + "/"),
            fetcher);
    }

    public Uri Repository { get; }

    public async Task<ModuleIndex?> GetIndexAsync(string moduleId, CancellationToken cancellationToken)
    {
        var bytes = await ReadSmallTargetAsync(RepositoryLayout.ModuleIndex(moduleId), cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : ModuleIndex.Parse(bytes, $"of module {moduleId} in {Repository}");
    }

    public async Task<ModuleManifest?> GetManifestAsync(string moduleId, string version, CancellationToken cancellationToken) =>
        (await GetManifestWithHashAsync(moduleId, version, cancellationToken).ConfigureAwait(false))?.Manifest;

    /// <summary>A manifest and the SHA-256 its signed target records, which a lock file pins.</summary>
    public async Task<(ModuleManifest Manifest, string Sha256)?> GetManifestWithHashAsync(string moduleId, string version, CancellationToken cancellationToken)
    {
        var path = RepositoryLayout.Manifest(moduleId, version);
        var target = await updater.GetTargetInfoAsync(path, cancellationToken).ConfigureAwait(false);
        if (target is null)
        {
            return null;
        }
        var bytes = await ReadSmallTargetAsync(target, path, cancellationToken).ConfigureAwait(false);
        var sha256 = target.Hashes.TryGetValue("sha256", out var hash) ? hash.ToLowerInvariant() : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes)).ToLowerInvariant();
        return (ModuleManifest.Parse(bytes, $"of {moduleId} {version} in {Repository}"), sha256);
    }

    public async Task<string?> FindAssemblyProviderAsync(string assemblyName, CancellationToken cancellationToken)
    {
        var bytes = await ReadSmallTargetAsync(RepositoryLayout.AssemblyProvider(assemblyName), cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : AssemblyProvider.Parse(bytes, $"for assembly {assemblyName} in {Repository}").ModuleId;
    }

    /// <summary>
    /// Downloads one module file into the staging folder, checked against the repository's signed targets
    /// metadata and against the module's own manifest (a manifest and a targets file that disagree mean
    /// the repository is inconsistent, and nothing from it is installed).
    /// </summary>
    public async Task DownloadFileAsync(ModuleManifest manifest, ModuleFile file, Stream destination, CancellationToken cancellationToken, DownloadProgressReporter.FileDownload? progress = null)
    {
        var targetPath = RepositoryLayout.File(manifest.Id, manifest.Version.ToNormalizedString(), file.Path);
        var target = await updater.GetTargetInfoAsync(targetPath, cancellationToken).ConfigureAwait(false)
            ?? throw new ModuleVerificationException(manifest.Id, file.Path,
                $"Module {manifest.Id} {manifest.Version} lists the file {file.Path}, but the repository {Repository} has not signed it. Nothing was installed; the publisher must republish the module.");
        if (target.Length != file.Length || !target.Hashes.TryGetValue("sha256", out var sha256) || !string.Equals(sha256, file.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModuleVerificationException(manifest.Id, file.Path,
                $"Module {manifest.Id} {manifest.Version}: the file {file.Path} is signed with a different length or hash than the module's manifest says. Nothing was installed; the publisher must republish the module.");
        }
        try
        {
            var observed = progress is null ? destination : new CountingStream(destination, progress.Written);
            await updater.DownloadTargetAsync(target, observed, cancellationToken).ConfigureAwait(false);
        }
        catch (TrustException e) when (e.Check == TrustCheck.LengthOrHash)
        {
            throw new ModuleVerificationException(manifest.Id, file.Path,
                $"Module {manifest.Id} {manifest.Version}: the file {file.Path} downloaded from {Repository} does not match its signed length and hash, so it was refused and nothing was installed. The repository or something between it and you altered the file; tell the repository's operator.",
                e);
        }
    }

    private async Task<byte[]?> ReadSmallTargetAsync(string targetPath, CancellationToken cancellationToken)
    {
        var target = await updater.GetTargetInfoAsync(targetPath, cancellationToken).ConfigureAwait(false);
        return target is null ? null : await ReadSmallTargetAsync(target, targetPath, cancellationToken).ConfigureAwait(false);
    }

    private async Task<byte[]> ReadSmallTargetAsync(TargetFile target, string targetPath, CancellationToken cancellationToken)
    {
        if (target.Length > MaxIndexLength)
        {
            throw new SummonException($"The repository {Repository} signs {targetPath} at {target.Length} bytes, more than the {MaxIndexLength} Summon reads for it; the repository is misconfigured.");
        }
        using var buffer = new MemoryStream();
        await updater.DownloadTargetAsync(target, buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
