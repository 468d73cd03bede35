using QuickStart;

namespace Summon.Tests.EndToEnd;

/// <summary>The progress line a console application opts in to, in the real host application's first run.</summary>
[Collection(EndToEndCollection.Name)]
public class ProgressLineTests(SampleBuildFixture builds)
{
    private static Task<ProcessResult> RunHostAsync(Scenario scenario, string? progress) =>
        SampleApps.RunHostAsync(scenario.Host, new Dictionary<string, string?>
        {
            ["SUMMON_CACHE_DIR"] = scenario.Cache,
            ["SUMMON_REPOSITORY"] = null,
            ["SUMMON_TRUSTED_ROOT"] = null,
            ["SUMMON_PROGRESS"] = progress,
        });

    [Fact]
    public async Task WithSummonProgressTheFirstFetchWritesAFewPlainProgressLinesToRedirectedStandardError()
    {
        await using var scenario = await Scenario.CreateAsync(builds);

        var run = await RunHostAsync(scenario, "1");

        Assert.True(run.ExitCode == 0, run.Output);
        var lines = run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("summon: fetching acme.extra 1.0.0:", StringComparison.Ordinal)).ToList();
        Assert.InRange(lines.Count, 1, 5);
        Assert.Matches(@"100% \(\d+\.\d of \d+\.\d MB, (\d+) of \1 files\)$", lines[^1]);
        Assert.DoesNotContain('\r', run.StandardError);
        Assert.DoesNotContain("summon:", run.StandardOutput);
    }

    [Fact]
    public async Task WithoutTheOptionAndOnACachedRunNothingIsWritten()
    {
        await using var scenario = await Scenario.CreateAsync(builds);

        var first = await RunHostAsync(scenario, null);
        var cached = await RunHostAsync(scenario, "1");

        Assert.True(first.ExitCode == 0 && cached.ExitCode == 0, first.Output + cached.Output);
        Assert.DoesNotContain("summon: fetching", first.StandardError);
        Assert.DoesNotContain("summon: fetching", cached.StandardError);
    }
}
