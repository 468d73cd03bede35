namespace Summon.Cache;

/// <summary>
/// The caches a load looks in, in order: a read-only shared layer an administrator prepared for every user
/// (<c>SUMMON_SHARED_CACHE</c>), then the per-user cache. Lookups only: installs, marks and removals go to the
/// per-user store, so the shared layer is never written (its users could not, and must not, change it).
/// </summary>
internal sealed class CacheLayers(ModuleStore user, ModuleStore? shared)
{
    public ModuleStore User { get; } = user;

    public ModuleStore? Shared { get; } = shared;

    private IEnumerable<ModuleStore> InLookupOrder => Shared is null ? [User] : [Shared, User];

    /// <summary>The version folders of a module present in any layer (one directory listing per layer).</summary>
    public IReadOnlyList<string> InstalledVersions(string moduleId) =>
        InLookupOrder.SelectMany(s => s.InstalledVersions(moduleId)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The first layer's copy of a version whose files pass the warm-path check.</summary>
    public InstalledModule? FindIntact(string moduleId, string version)
    {
        foreach (var layer in InLookupOrder)
        {
            if (layer.TryGetInstalled(moduleId, version) is { } installed && installed.IsIntact())
            {
                return installed;
            }
        }
        return null;
    }

    /// <summary>A revocation recorded in either layer.</summary>
    public string? RevokedReason(string moduleId, string version) =>
        InLookupOrder.Select(s => s.RevokedReason(moduleId, version)).FirstOrDefault(r => r is not null);

    public string? LookupAssemblyProvider(string assemblyName) =>
        InLookupOrder.Select(s => s.LookupAssemblyProvider(assemblyName)).FirstOrDefault(p => p is not null);

    /// <summary>Records use of a per-user version; shared versions are the administrator's to keep or remove.</summary>
    public void MarkUsed(InstalledModule module)
    {
        if (Shared is null || !IsUnder(module.Directory, Shared.Root))
        {
            User.MarkUsed(module);
        }
    }

    /// <summary>Whether a file was loaded from one of the layers.</summary>
    public bool Contains(string path) => InLookupOrder.Any(s => IsUnder(path, s.Root));

    private static bool IsUnder(string path, string root) => path.StartsWith(root, StringComparison.Ordinal);
}
