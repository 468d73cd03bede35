namespace Summon.Cache;

/// <summary>
/// What one version's folder held when <see cref="ModuleStore.Inspect"/> last read it: its module, if the install
/// record is complete, and whether the repository's revocation was marked there.
/// </summary>
internal sealed record VersionFolder(InstalledModule? Installed, bool MarkedRevoked);
