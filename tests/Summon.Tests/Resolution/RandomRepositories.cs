using NuGet.Versioning;
using ResolutionResult = Summon.Modules.Resolution.Resolution;

namespace Summon.Tests.Resolution;

/// <summary>Repositories built from a seed, and the check that a resolution keeps every constraint.</summary>
internal static class RandomRepositories
{
    /// <summary>
    /// <paramref name="count"/> modules with several versions each and up to four dependencies per version.
    /// A hidden witness version per module keeps it satisfiable: the witness versions' ranges always admit each
    /// other's witnesses. <paramref name="tangle"/> is how often anything else is random — the witness (rather than
    /// the newest version), and the ranges of other versions, which may then well conflict. At 1 every choice is
    /// random, a stress test; real repositories look more like 0.05, where the newest versions mostly fit.
    /// </summary>
    public static (InMemoryModuleSource Source, Dictionary<string, VersionRange> Requirements) Satisfiable(int count, int seed, double tangle = 1.0)
    {
        var random = new Random(seed);
        var versions = new NuGetVersion[count][];
        var witness = new NuGetVersion[count];
        for (var i = 0; i < count; i++)
        {
            versions[i] = Enumerable.Range(0, random.Next(1, 8))
                .Select(k => new NuGetVersion(1 + (k / 3), k % 3, 0)).ToArray();
            witness[i] = random.NextDouble() < tangle ? versions[i][random.Next(versions[i].Length)] : versions[i][^1];
        }
        var source = new InMemoryModuleSource();
        for (var i = 0; i < count; i++)
        {
            foreach (var version in versions[i])
            {
                var dependencies = new List<(string, string)>();
                for (var d = random.Next(0, 5); d > 0; d--)
                {
                    // Mostly forward, so the graph is deep; sometimes backward, so it has cycles.
                    var j = random.Next(10) == 0 ? random.Next(count) : Math.Min(count - 1, i + 1 + random.Next(20));
                    if (j == i || dependencies.Any(x => x.Item1 == Name(j)))
                    {
                        continue;
                    }
                    var target = version == witness[i] ? witness[j]
                        : random.NextDouble() < tangle ? versions[j][random.Next(versions[j].Length)]
                        : versions[j][^1];
                    dependencies.Add((Name(j), RangeAround(target, random)));
                }
                source.Add(Name(i), version.ToNormalizedString(), [.. dependencies]);
            }
        }
        var requirements = Enumerable.Range(0, Math.Min(count, 10)).ToDictionary(Name, i => VersionRange.Parse(RangeAround(witness[i], random)));
        return (source, requirements);
    }

    public static string Name(int i) => $"m{i:D4}";

    /// <summary>A range of one of the usual shapes that contains <paramref name="version"/>.</summary>
    public static string RangeAround(NuGetVersion version, Random random) => random.Next(5) switch
    {
        0 => $"[{version.Major}.0,{version.Major + 1}.0)",
        1 => $"{version.Major}.*",
        2 => $"[{version.ToNormalizedString()}]",
        3 => $"(,{version.Major}.{version.Minor + 1}.0)",
        _ => $"{version.Major}.{version.Minor}",
    };

    /// <summary>Whether <paramref name="range"/> admits <paramref name="version"/> the way Summon chooses (see ModuleRequest.Choose).</summary>
    public static bool Admits(VersionRange range, NuGetVersion version) =>
        new Summon.Modules.ModuleRequest("x", range).Choose([version]) is not null;

    /// <summary>Every requirement, and every dependency of every chosen version, is met by a chosen version.</summary>
    public static void AssertValid(ResolutionResult resolution, IReadOnlyDictionary<string, VersionRange> requirements, InMemoryModuleSource source)
    {
        var dependencies = source.All().ToDictionary(x => (x.Module, x.Version), x => x.Dependencies);
        foreach (var (module, range) in requirements)
        {
            Assert.True(resolution.Versions.TryGetValue(module, out var chosen), $"{module} is required but was not chosen");
            Assert.True(Admits(range, chosen!), $"the application requires {module} {range} but got {chosen}");
        }
        foreach (var (module, version) in resolution.Versions)
        {
            foreach (var (dependency, range) in dependencies[(module, version)])
            {
                Assert.True(resolution.Versions.TryGetValue(dependency, out var chosen), $"{module} {version} needs {dependency}, which was not chosen");
                Assert.True(Admits(range, chosen!), $"{module} {version} needs {dependency} {range} but got {chosen}");
            }
        }
    }
}
