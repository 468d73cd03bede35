using NuGet.Versioning;
using Summon.Modules.Resolution;
using ResolutionResult = Summon.Modules.Resolution.Resolution;

namespace Summon.Tests.Resolution;

internal static class Solve
{
    public static Dictionary<string, VersionRange> Requires(params (string Module, string Range)[] requirements) =>
        requirements.ToDictionary(r => r.Module, r => VersionRange.Parse(r.Range));

    public static Task<ResolutionResult> RunAsync(
        InMemoryModuleSource source, SolverOptions? options = null, params (string Module, string Range)[] requirements) =>
        DependencySolver.SolveAsync(Requires(requirements), source, CancellationToken.None, options);

    public static async Task<string> FailureAsync(InMemoryModuleSource source, SolverOptions? options = null, params (string Module, string Range)[] requirements) =>
        (await Assert.ThrowsAsync<DependencyConflictException>(() => RunAsync(source, options, requirements))).Message;

    public static Dictionary<string, string> Chosen(ResolutionResult resolution) =>
        resolution.Versions.ToDictionary(v => v.Key, v => v.Value.ToNormalizedString());
}
