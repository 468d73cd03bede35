using NuGet.Versioning;

namespace Summon.Modules.Resolution;

/// <summary>How a solve may choose versions.</summary>
internal sealed class SolverOptions
{
    /// <summary>
    /// Versions to choose when the constraints allow them, before the newest: what a lock file pins, or what is
    /// already installed, so a solve does not move an application without a reason.
    /// </summary>
    public IReadOnlyDictionary<string, NuGetVersion> PreferredVersions { get; init; } = new Dictionary<string, NuGetVersion>();

    /// <summary>
    /// Only <see cref="PreferredVersions"/> may be chosen, and a module they do not name cannot be used: the
    /// <c>--locked</c> mode, where nothing changes until the lock file is updated on purpose.
    /// </summary>
    public bool LockedOnly { get; init; }

    /// <summary>
    /// The most decisions and conflict resolutions one solve may take. Version solving is NP-hard, and a
    /// hostile repository can publish a graph built to make it search forever; this bounds the damage.
    /// </summary>
    public int MaxSteps { get; init; } = 100_000;

    internal static SolverOptions Default { get; } = new();
}
