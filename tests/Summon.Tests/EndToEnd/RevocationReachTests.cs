using QuickStart;

namespace Summon.Tests.EndToEnd;

/// <summary>A version its publisher revokes stops loading in applications that already cached it.</summary>
[Collection(EndToEndCollection.Name)]
public class RevocationReachTests(SampleBuildFixture builds)
{
    [Fact]
    public async Task AfterTheNewestCachedVersionIsRevokedUpdateMakesTheNextRunLoadThePreviousOne()
    {
        await using var scenario = await Scenario.CreateAsync(builds);
        await scenario.RunHostAsync();
        scenario.PublishVersion2();
        await scenario.RunCliAsync("update");
        scenario.Revoke("2.0.0", "CVE-2026-0002: unsafe font parsing");

        var update = await scenario.RunCliAsync("update");
        var run = await scenario.RunHostAsync();

        Assert.True(update.ExitCode == 0, update.Output);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("from Acme.Extra 1.0.0", run.StandardOutput);
    }

    [Fact]
    public async Task UnderTheIntervalPolicyARevocationReachesAShortLivedApplication()
    {
        await using var scenario = await Scenario.CreateAsync(builds);
        await scenario.RunHostAsync();
        scenario.PublishVersion2();
        scenario.Revoke("1.0.0", "CVE-2026-0001: unsafe font parsing");
        scenario.ConfigureHost("\"freshness\": \"interval\", \"freshnessIntervalHours\": 0");

        // The host exits as soon as it has printed; the check it starts in the background must still get its answer.
        // Each run is another chance, so a loaded machine delays the news by a run at most, and never loses it.
        var runs = new List<ProcessResult>();
        for (var attempt = 0; attempt < 5 && !runs.Any(r => r.StandardOutput.Contains("from Acme.Extra 2.0.0")); attempt++)
        {
            runs.Add(await scenario.RunHostAsync());
        }

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Output));
        Assert.Contains("from Acme.Extra 2.0.0", runs[^1].StandardOutput);
    }
}
