using System.Collections.Concurrent;
using NuGet.Versioning;
using Summon.Modules;
using Summon.Modules.Resolution;

namespace Summon;

/// <summary>
/// Answers the solver from one repository's signed module indexes and manifests, keeping what it read so the
/// install that follows a solve does not fetch a manifest twice.
/// </summary>
internal sealed class RepositoryVersionSource(RepositoryClient client) : IModuleVersionSource
{
    private readonly ConcurrentDictionary<string, ModuleIndex?> indexes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, NuGetVersion), (ModuleManifest Manifest, string Sha256)> manifests = new();

    public async Task<IReadOnlyList<NuGetVersion>> GetVersionsAsync(string moduleId, CancellationToken ct)
    {
        var index = await GetIndexAsync(moduleId, ct).ConfigureAwait(false);
        return index?.Versions.Where(v => !v.IsRevoked).Select(v => v.Version).ToList() ?? [];
    }

    public async Task<IReadOnlyDictionary<string, VersionRange>> GetDependenciesAsync(string moduleId, NuGetVersion version, CancellationToken ct) =>
        (await GetManifestAsync(moduleId, version, ct).ConfigureAwait(false)).Manifest.Dependencies;

    public async Task<ModuleIndex?> GetIndexAsync(string moduleId, CancellationToken ct)
    {
        if (!ModuleId.IsValid(moduleId))
        {
            return null;
        }
        if (indexes.TryGetValue(moduleId, out var cached))
        {
            return cached;
        }
        var index = await client.GetIndexAsync(moduleId, ct).ConfigureAwait(false);
        return indexes[moduleId] = index;
    }

    public async Task<(ModuleManifest Manifest, string Sha256)> GetManifestAsync(string moduleId, NuGetVersion version, CancellationToken ct)
    {
        if (manifests.TryGetValue((moduleId, version), out var cached))
        {
            return cached;
        }
        var versionText = version.ToNormalizedString();
        var found = await client.GetManifestWithHashAsync(moduleId, versionText, ct).ConfigureAwait(false);
        if (found is not { } manifest || manifest.Manifest.Id != moduleId || manifest.Manifest.Version != version)
        {
            throw new ModuleNotFoundException(moduleId, $"The repository {client.Repository} lists {moduleId} {versionText} but holds no matching manifest for it; the publisher must republish the module.");
        }
        return manifests[(moduleId, version)] = manifest;
    }
}
