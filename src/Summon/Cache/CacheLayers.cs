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

    private readonly ModuleStore[] inLookupOrder = shared is null ? [user] : [shared, user];

    // Loops rather than LINQ: these run on the warm path, where every generic method instantiated is one more to JIT.

    /// <summary>The version folders of a module present in any layer (one directory listing per layer).</summary>
    public IReadOnlyList<string> InstalledVersions(string moduleId)
    {
        if (inLookupOrder.Length == 1)
        {
            return User.InstalledVersions(moduleId);
        }
        var versions = new List<string>();
        foreach (var layer in inLookupOrder)
        {
            foreach (var version in layer.InstalledVersions(moduleId))
            {
                if (!versions.Contains(version))
                {
                    versions.Add(version);
                }
            }
        }
        return versions;
    }

    /// <summary>
    /// The first layer's copy of a version whose files pass the warm-path check, and why the version was revoked if a
    /// layer marked it so (the marker may sit in the user's layer for a copy in the shared one). A stat of the version's
    /// folder per layer, and one per file of the copy found.
    /// </summary>
    public InstalledModule? FindIntact(string moduleId, string version, out string? revokedReason)
    {
        InstalledModule? found = null;
        revokedReason = null;
        foreach (var layer in inLookupOrder)
        {
            if (layer.Inspect(moduleId, version) is not { } folder)
            {
                continue;
            }
            if (folder.MarkedRevoked)
            {
                revokedReason ??= layer.RevokedReason(moduleId, version);
            }
            if (found is null && folder.Installed is { } installed && installed.FilesUnchanged())
            {
                found = installed;
            }
        }
        return found;
    }

    public string? LookupAssemblyProvider(string assemblyName)
    {
        foreach (var layer in inLookupOrder)
        {
            if (layer.LookupAssemblyProvider(assemblyName) is { } provider)
            {
                return provider;
            }
        }
        return null;
    }

    /// <summary>Records use of a per-user version; shared versions are the administrator's to keep or remove.</summary>
    public void MarkUsed(InstalledModule module)
    {
        if (Shared is null || !IsUnder(module.Directory, Shared.Root))
        {
            User.MarkUsed(module);
        }
    }

    /// <summary>Whether a file was loaded from one of the layers.</summary>
    public bool Contains(string path)
    {
        foreach (var layer in inLookupOrder)
        {
            if (IsUnder(path, layer.Root))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsUnder(string path, string root) => path.StartsWith(root, StringComparison.Ordinal);
}
