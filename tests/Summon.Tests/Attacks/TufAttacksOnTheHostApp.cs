using System.Text.Json.Nodes;
using Summon.Publishing.Keys;
using Summon.Tests.EndToEnd;

namespace Summon.Tests.Attacks;

/// <summary>
/// The most important attacks again, against real processes: the sample host application fetches and runs
/// Acme.Extra 1.0.0 through a man in the middle; 2.0.0 is published; the real <c>summon update</c> is attacked
/// and must refuse (exit 4, verification refused; 3 for a repository that cannot be used); then the host runs
/// again and still greets from 1.0.0, from the cache, with no request at all.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class TufAttacksOnTheHostApp(SampleBuildFixture builds) : IAsyncLifetime
{
    private Scenario scenario = null!;
    private ManInTheMiddle proxy = null!;

    public async Task InitializeAsync()
    {
        scenario = await Scenario.CreateAsync(builds);
        proxy = await ManInTheMiddle.StartAsync(scenario.Url);
        // The application knows only the man in the middle's address, as it would a mirror or a CDN.
        File.WriteAllText(Path.Combine(scenario.Host, SummonOptions.ConfigFileName), $$"""{ "repository": "{{proxy.Url}}", "trustedRoot": "root.json" }""");
        var first = await scenario.RunHostAsync();
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("Hello, world, from Acme.Extra 1.0.0", first.StandardOutput);
        scenario.PublishVersion2();
    }

    public async Task DisposeAsync()
    {
        await proxy.DisposeAsync();
        await scenario.DisposeAsync();
    }

    [Fact]
    public async Task Arbitrary_installation_of_a_tampered_assembly_is_refused_by_summon_update_and_the_host_still_runs_1_0_0()
    {
        var before = CachedMetadata();
        var genuine = File.ReadAllBytes(Directory.GetFiles(Path.Combine(scenario.Repository, "targets", "modules", "acme.extra", "2.0.0"), "*.Acme.Extra.dll", SearchOption.AllDirectories).Single());
        var tampered = (byte[])genuine.Clone();
        tampered[^1] ^= 0xFF;
        proxy.Attack = path => path.Contains("/acme.extra/2.0.0/", StringComparison.Ordinal) && path.EndsWith(".Acme.Extra.dll", StringComparison.Ordinal) ? new Tamper.Serve(tampered) : null;

        var update = await scenario.RunCliAsync("update");

        Assert.True(update.ExitCode == 4, update.Output);
        Assert.Contains("Acme.Extra.dll", update.StandardError);
        Assert.Contains("does not match its signed length and hash", update.StandardError);
        AssertGenuine(before);
        await AssertHostStillRunsVersion1Async();
    }

    [Fact]
    public async Task Rollback_attack_is_refused_by_summon_update_and_the_host_still_runs_1_0_0()
    {
        var before = CachedMetadata();
        // The repository's timestamp as it stood at version 1, before any module existed: signed by its own
        // timestamp keys (as an attacker who recorded it then would hold it) and older than what the host trusts.
        using var timestampKey = SigningKey.Load(Directory.GetFiles(scenario.Keys, "timestamp-*.json").Single());
        var replayed = AttackWorld.Forge(File.ReadAllBytes(Path.Combine(scenario.Repository, "metadata", "timestamp.json")), signed =>
        {
            signed["version"] = 1;
            signed["meta"] = new JsonObject { ["snapshot.json"] = new JsonObject { ["version"] = 1 } };
        }, timestampKey);
        proxy.Attack = path => path == "/metadata/timestamp.json" ? new Tamper.Serve(replayed) : null;

        var update = await scenario.RunCliAsync("update");

        Assert.True(update.ExitCode == 4, update.Output);
        Assert.Contains("timestamp version 1 is older than the trusted version", update.StandardError);
        Assert.Contains("rollback", update.StandardError);
        AssertUnchanged(before);
        await AssertHostStillRunsVersion1Async();
    }

    [Fact]
    public async Task Endless_data_is_cut_off_by_summon_update_and_the_host_still_runs_1_0_0()
    {
        var before = CachedMetadata();
        proxy.Attack = path => path == "/metadata/timestamp.json" ? new Tamper.Endless() : null;

        var update = await scenario.RunCliAsync("update");

        Assert.True(update.ExitCode == 3, update.Output);
        Assert.Contains("timestamp.json sent more than the 16384 bytes allowed", update.StandardError);
        AssertUnchanged(before);
        await AssertHostStillRunsVersion1Async();
    }

    private async Task AssertHostStillRunsVersion1Async()
    {
        proxy.Requests.Clear();
        var run = await scenario.RunHostAsync();
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("Hello, world, from Acme.Extra 1.0.0", run.StandardOutput);
        Assert.Empty(proxy.Requests);
        Assert.Equal(["1.0.0"], scenario.CachedModules().Select(m => m.Version));
    }

    private Dictionary<string, byte[]> CachedMetadata()
    {
        var directory = Assert.Single(Directory.GetDirectories(Path.Combine(scenario.Cache, "v1", "repositories")));
        return Directory.GetFiles(Path.Combine(directory, "metadata"), "*.json").ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
    }

    private void AssertUnchanged(Dictionary<string, byte[]> before)
    {
        var after = CachedMetadata();
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, pair => Assert.True(pair.Value.AsSpan().SequenceEqual(after[pair.Key]), $"the cached {pair.Key} changed"));
    }

    /// <summary>The update's refresh may move to the repository's newer metadata; all of it must be the repository's own bytes.</summary>
    private void AssertGenuine(Dictionary<string, byte[]> before)
    {
        var genuine = Directory.GetFiles(Path.Combine(scenario.Repository, "metadata"), "*.json").Select(File.ReadAllBytes).ToList();
        Assert.Equal(before.Keys.Order(), CachedMetadata().Keys.Order());
        Assert.All(CachedMetadata(), pair => Assert.True(genuine.Any(g => g.AsSpan().SequenceEqual(pair.Value)), $"the cached {pair.Key} is not a file the repository signed"));
    }
}
