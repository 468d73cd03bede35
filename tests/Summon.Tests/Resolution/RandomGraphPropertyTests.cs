using CsCheck;
using NuGet.Versioning;
using Summon.Modules.Resolution;
using ResolutionResult = Summon.Modules.Resolution.Resolution;

namespace Summon.Tests.Resolution;

public class RandomGraphPropertyTests
{
    private static readonly string[] Versions = ["1.0.0", "1.1.0", "1.2.0-beta", "2.0.0", "3.0.0"];
    private static readonly string[] Ranges = ["1.0", "[1.0,2.0)", "(,2.0)", "[2.0,3.0)", "1.*", "[1.1.0-alpha,2.0)", "[3.0]", "2.0", "(1.0,3.0]"];

    [Fact]
    public void ARandomGraphEitherSolvesToAValidAssignmentOrFailsWithAConflict()
    {
        Gen.Int.Sample(seed =>
        {
            var (source, requirements) = Build(new Random(seed));
            ResolutionResult? resolution = null;
            try
            {
                resolution = DependencySolver.SolveAsync(requirements, source, CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (DependencyConflictException)
            {
            }
            // PubGrub is complete: when some assignment works, it must find one.
            var exists = BruteForceHasSolution(source, requirements);
            Assert.Equal(exists, resolution is not null);
            if (resolution is not null)
            {
                RandomRepositories.AssertValid(resolution, requirements, source);
            }
        }, iter: 400);
    }

    private static (InMemoryModuleSource, Dictionary<string, VersionRange>) Build(Random random)
    {
        var source = new InMemoryModuleSource();
        var count = random.Next(1, 6);
        for (var i = 0; i < count; i++)
        {
            foreach (var version in Versions.Where(_ => random.Next(3) > 0))
            {
                var dependencies = Enumerable.Range(0, count + 1)
                    .Where(j => j != i && random.Next(3) == 0)
                    .Select(j => (Name(j), Ranges[random.Next(Ranges.Length)]))
                    .ToArray();
                source.Add(Name(i), version, dependencies);
            }
        }
        // Module m{count} is never published: depending on it must fail cleanly too.
        var requirements = Enumerable.Range(0, count + 1).Where(_ => random.Next(3) == 0)
            .ToDictionary(Name, _ => VersionRange.Parse(Ranges[random.Next(Ranges.Length)]));
        return (source, requirements);
    }

    private static string Name(int i) => $"m{i}";

    // Every way of choosing at most one version per module, checked directly.
    private static bool BruteForceHasSolution(InMemoryModuleSource source, Dictionary<string, VersionRange> requirements)
    {
        var all = source.All().ToList();
        var modules = all.Select(x => x.Module).Distinct().ToList();
        var options = modules.Select(m => all.Where(x => x.Module == m).Select(x => (NuGetVersion?)x.Version).Prepend(null).ToList()).ToList();
        var choice = new NuGetVersion?[modules.Count];
        return Search(0);

        bool Search(int index)
        {
            if (index == modules.Count)
            {
                var chosen = new Dictionary<string, NuGetVersion>();
                for (var i = 0; i < modules.Count; i++)
                {
                    if (choice[i] is { } v)
                    {
                        chosen[modules[i]] = v;
                    }
                }
                bool Met(string module, VersionRange range) => chosen.TryGetValue(module, out var v) && RandomRepositories.Admits(range, v);
                return requirements.All(r => Met(r.Key, r.Value))
                    && chosen.All(c => all.First(x => x.Module == c.Key && x.Version == c.Value).Dependencies.All(d => Met(d.Key, d.Value)));
            }
            foreach (var option in options[index])
            {
                choice[index] = option;
                if (Search(index + 1))
                {
                    return true;
                }
            }
            return false;
        }
    }
}
