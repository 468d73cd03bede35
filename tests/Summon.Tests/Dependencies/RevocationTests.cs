namespace Summon.Tests.Dependencies;

/// <summary>A version its publisher revokes reaches applications that already cached it.</summary>
public class RevocationTests
{
    private static async Task<RepositoryWorld> CachedThenRevokedAsync()
    {
        var world = await RepositoryWorld.CreateAsync();
        world.Publish("acme.pdf", "1.0.0");
        using (var summoner = world.NewSummoner())
        {
            await summoner.PrefetchAsync("acme.pdf");
        }
        world.Publish("acme.pdf", "1.0.1");
        world.Revoke("acme.pdf", "1.0.0", "CVE-2026-0001: renders untrusted fonts");
        return world;
    }

    [Fact]
    public async Task UnderTheUpgradePolicyTheNextLoadMovesToTheFixedVersion()
    {
        await using var world = await CachedThenRevokedAsync();
        using var summoner = world.NewSummoner(o => o.Freshness = FreshnessPolicy.Always);

        var module = await summoner.ImportAsync("acme.pdf");

        Assert.Equal("1.0.1", module.Version);
        Assert.Contains(world.Log, line => line.Contains("revoked") && line.Contains("CVE-2026-0001"));
    }

    [Fact]
    public async Task UnderTheRefusePolicyARevokedVersionIsNotLoaded()
    {
        await using var world = await CachedThenRevokedAsync();
        using var summoner = world.NewSummoner(o => { o.Freshness = FreshnessPolicy.Always; o.RevokedVersions = RevokedVersionPolicy.Refuse; });

        var error = await Assert.ThrowsAsync<ModuleRevokedException>(() => summoner.ImportAsync("acme.pdf"));

        Assert.Equal("1.0.0", error.Version);
        Assert.Contains("CVE-2026-0001", error.Message);
        Assert.Contains("summon update acme.pdf", error.Message);
    }

    [Fact]
    public async Task AnIntervalCheckNeverDelaysTheCachedLoadAndAppliesNextTime()
    {
        await using var world = await CachedThenRevokedAsync();
        using var first = world.NewSummoner(o => { o.Freshness = FreshnessPolicy.Interval; o.FreshnessInterval = TimeSpan.Zero; });

        var now = await first.ImportAsync("acme.pdf");
        await first.BackgroundFreshnessCheck;
        using var next = world.NewSummoner(o => o.Freshness = FreshnessPolicy.Never);
        var later = await next.ImportAsync("acme.pdf");

        Assert.Equal("1.0.0", now.Version);
        Assert.Equal("1.0.1", later.Version);
    }

    [Fact]
    public async Task WithTheRepositoryDownACachedModuleStillLoadsUnderAlways()
    {
        await using var world = await RepositoryWorld.CreateAsync();
        world.Publish("acme.pdf", "1.0.0");
        using (var summoner = world.NewSummoner())
        {
            await summoner.PrefetchAsync("acme.pdf");
        }
        using var offlineRepo = world.NewSummoner(o => { o.Freshness = FreshnessPolicy.Always; o.Repository = new Uri("http://127.0.0.1:9/"); });

        var module = await offlineRepo.ImportAsync("acme.pdf");

        Assert.Equal("1.0.0", module.Version);
        Assert.Contains(world.Log, line => line.Contains("could not check"));
    }
}
