using NuGet.Versioning;

namespace Summon.Modules.Resolution;

/// <summary>The versions a solve chose, and the requirements that brought each module in (for <c>summon why</c>).</summary>
internal sealed class Resolution
{
    private readonly IReadOnlyDictionary<string, VersionRange> _requirements;
    private readonly Func<string, NuGetVersion, IReadOnlyDictionary<string, VersionRange>> _dependencies;
    private Dictionary<string, (string? Parent, VersionRange Range)>? _parents;

    internal Resolution(
        IReadOnlyDictionary<string, VersionRange> requirements,
        IReadOnlyDictionary<string, NuGetVersion> versions,
        Func<string, NuGetVersion, IReadOnlyDictionary<string, VersionRange>> dependencies)
    {
        _requirements = requirements;
        Versions = versions;
        _dependencies = dependencies;
    }

    /// <summary>One version per module the application needs, its own requirements and everything they bring in.</summary>
    public IReadOnlyDictionary<string, NuGetVersion> Versions { get; }

    /// <summary>
    /// The shortest chain of requirements from the application down to <paramref name="moduleId"/>, one line per
    /// link ("the application requires acme.pdf [1.2,2.0)", "acme.pdf 1.4.0 depends on acme.fonts [3.0,4.0)");
    /// empty when the module is not part of the resolution.
    /// </summary>
    public IReadOnlyList<string> Why(string moduleId)
    {
        var parents = _parents ??= FindParents();
        if (!parents.ContainsKey(moduleId))
        {
            return [];
        }
        var chain = new List<string>();
        for (var module = moduleId; parents.TryGetValue(module, out var link);)
        {
            var range = link.Range.OriginalString ?? link.Range.ToNormalizedString();
            chain.Add(link.Parent is null
                ? $"the application requires {module} {range}"
                : $"{link.Parent} {Versions[link.Parent].ToNormalizedString()} depends on {module} {range}");
            if (link.Parent is null)
            {
                break;
            }
            module = link.Parent;
        }
        chain.Reverse();
        return chain;
    }

    // Breadth first from the application, so each module's recorded parent lies on a shortest chain.
    private Dictionary<string, (string? Parent, VersionRange Range)> FindParents()
    {
        var parents = new Dictionary<string, (string? Parent, VersionRange Range)>();
        var queue = new Queue<string>();
        foreach (var (module, range) in _requirements)
        {
            if (Versions.ContainsKey(module) && parents.TryAdd(module, (null, range)))
            {
                queue.Enqueue(module);
            }
        }
        while (queue.TryDequeue(out var module))
        {
            foreach (var (dependency, range) in _dependencies(module, Versions[module]))
            {
                if (Versions.ContainsKey(dependency) && parents.TryAdd(dependency, (module, range)))
                {
                    queue.Enqueue(dependency);
                }
            }
        }
        return parents;
    }
}
