using NuGet.Versioning;
using Summon.Modules.Resolution;

namespace Summon.Tests.Resolution;

/// <summary>A repository in a dictionary, counting questions so tests can see what the solver asked.</summary>
internal sealed class InMemoryModuleSource : IModuleVersionSource
{
    private readonly Dictionary<string, Dictionary<NuGetVersion, Dictionary<string, VersionRange>>> _modules = [];

    public Dictionary<string, int> VersionQuestions { get; } = [];

    public Dictionary<(string, NuGetVersion), int> DependencyQuestions { get; } = [];

    /// <summary>Adds <c>module version</c> depending on each <c>id range</c> pair, e.g. <c>("acme.fonts", "[3.0,4.0)")</c>.</summary>
    public InMemoryModuleSource Add(string module, string version, params (string Module, string Range)[] dependencies)
    {
        if (!_modules.TryGetValue(module, out var versions))
        {
            versions = [];
            _modules[module] = versions;
        }
        versions[NuGetVersion.Parse(version)] = dependencies.ToDictionary(d => d.Module, d => VersionRange.Parse(d.Range));
        return this;
    }

    public Task<IReadOnlyList<NuGetVersion>> GetVersionsAsync(string moduleId, CancellationToken ct)
    {
        VersionQuestions[moduleId] = VersionQuestions.GetValueOrDefault(moduleId) + 1;
        IReadOnlyList<NuGetVersion> versions = _modules.TryGetValue(moduleId, out var known) ? [.. known.Keys] : [];
        return Task.FromResult(versions);
    }

    public Task<IReadOnlyDictionary<string, VersionRange>> GetDependenciesAsync(string moduleId, NuGetVersion version, CancellationToken ct)
    {
        DependencyQuestions[(moduleId, version)] = DependencyQuestions.GetValueOrDefault((moduleId, version)) + 1;
        return Task.FromResult<IReadOnlyDictionary<string, VersionRange>>(_modules[moduleId][version]);
    }

    public IEnumerable<(string Module, NuGetVersion Version, IReadOnlyDictionary<string, VersionRange> Dependencies)> All() =>
        _modules.SelectMany(m => m.Value.Select(v => (m.Key, v.Key, (IReadOnlyDictionary<string, VersionRange>)v.Value)));
}
