using NuGet.Versioning;

namespace Summon.Modules.Resolution;

/// <summary>
/// What the solver asks about modules. Answers usually come from the network (signed repository metadata), so
/// the calls are asynchronous; the solver asks each question at most once per solve.
/// </summary>
internal interface IModuleVersionSource
{
    /// <summary>The versions that may be installed (revoked ones left out), in any order; empty for an unknown module.</summary>
    Task<IReadOnlyList<NuGetVersion>> GetVersionsAsync(string moduleId, CancellationToken ct);

    /// <summary>The modules one version depends on, each with the range it accepts.</summary>
    Task<IReadOnlyDictionary<string, VersionRange>> GetDependenciesAsync(string moduleId, NuGetVersion version, CancellationToken ct);
}
