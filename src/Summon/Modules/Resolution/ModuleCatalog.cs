using NuGet.Versioning;

namespace Summon.Modules.Resolution;

/// <summary>
/// The solver's memory of what the source said: each question is asked once, and the dependencies of a
/// version are fetched while the versions of the modules they name are already being asked for, so a solve
/// over the network waits for round trips in parallel rather than one after another.
/// </summary>
internal sealed class ModuleCatalog(IModuleVersionSource source, CancellationToken ct)
{
    private readonly Dictionary<string, Task<IReadOnlyList<NuGetVersion>>> _versionTasks = [];
    private readonly Dictionary<string, NuGetVersion[]> _versions = [];
    private readonly Dictionary<(string, NuGetVersion), IReadOnlyDictionary<string, VersionRange>> _dependencies = [];
    private readonly Dictionary<string, VersionSet?[]> _spans = [];
    private readonly Dictionary<VersionRange, VersionSet> _sets = new(ReferenceEqualityComparer.Instance);

    /// <summary>Every available version, oldest first.</summary>
    public async ValueTask<NuGetVersion[]> GetVersionsAsync(string module)
    {
        if (_versions.TryGetValue(module, out var known))
        {
            return known;
        }
        var answer = await StartVersions(module).ConfigureAwait(false);
        NuGetVersion[] sorted = IsAscending(answer) ? [.. answer] : answer.Distinct().Order().ToArray();
        _versions[module] = sorted;
        return sorted;
    }

    public void Prefetch(string module) => StartVersions(module);

    public async ValueTask<IReadOnlyDictionary<string, VersionRange>> GetDependenciesAsync(string module, NuGetVersion version)
    {
        if (_dependencies.TryGetValue((module, version), out var known))
        {
            return known;
        }
        var answer = await source.GetDependenciesAsync(module, version, ct).ConfigureAwait(false);
        _dependencies[(module, version)] = answer;
        return answer;
    }

    /// <summary>The dependencies already fetched for a chosen version (every chosen version's were).</summary>
    public IReadOnlyDictionary<string, VersionRange> KnownDependencies(string module, NuGetVersion version) =>
        _dependencies.TryGetValue((module, version), out var known) ? known : new Dictionary<string, VersionRange>();

    /// <summary>
    /// The versions a fact learned from one version can be stated for: from it up to the next published one.
    /// Only that version is available in the span, so the fact is exact, and adjacent versions that say the same
    /// thing join into one range — which is how people think of them ("acme.pdf &gt;=2.0.0 depends on …").
    /// </summary>
    public VersionSet SpanOf(string module, NuGetVersion version)
    {
        var versions = _versions[module];
        var index = Array.BinarySearch(versions, version);
        if (!_spans.TryGetValue(module, out var spans))
        {
            // A version is chosen again after every backjump past it; its span is built once.
            spans = new VersionSet?[versions.Length];
            _spans[module] = spans;
        }
        if (spans[index] is { } known)
        {
            return known;
        }
        var from = index <= 0 ? null : version;
        var to = index + 1 >= versions.Length ? null : versions[index + 1];
        return spans[index] = VersionSet.Interval(VersionIntervals.Between(from, true, to, false));
    }

    /// <summary>
    /// The set a range stands for, built once per range object: after a backjump the same versions are chosen
    /// again, and their dependency ranges are the same objects.
    /// </summary>
    public VersionSet SetOf(VersionRange range)
    {
        if (!_sets.TryGetValue(range, out var set))
        {
            set = VersionSet.FromRange(range);
            _sets[range] = set;
        }
        return set;
    }

    // Sources usually answer oldest first already; sorting again would compare every version for nothing.
    private static bool IsAscending(IReadOnlyList<NuGetVersion> versions)
    {
        for (var i = 1; i < versions.Count; i++)
        {
            if (versions[i - 1].CompareTo(versions[i]) >= 0)
            {
                return false;
            }
        }
        return true;
    }

    private Task<IReadOnlyList<NuGetVersion>> StartVersions(string module)
    {
        if (!_versionTasks.TryGetValue(module, out var task))
        {
            task = source.GetVersionsAsync(module, ct);
            _versionTasks[module] = task;
        }
        return task;
    }
}
