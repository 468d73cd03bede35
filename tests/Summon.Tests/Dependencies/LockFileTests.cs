namespace Summon.Tests.Dependencies;

/// <summary>With a lock file the application gets exactly the locked versions until an update moves them.</summary>
public class LockFileTests
{
    [Fact]
    public async Task WithALockANewerVersionIsNotTakenUntilUpdate()
    {
        await using var world = await RepositoryWorld.CreateAsync();
        world.Publish("acme.pdf", "1.0.0");
        using (var summoner = world.NewSummoner())
        {
            await summoner.PrefetchAsync("acme.pdf");
            await summoner.LockAsync(CancellationToken.None);
        }
        world.Publish("acme.pdf", "1.1.0");
        using var fresh = world.NewSummoner(o => o.CacheDirectory = Path.Combine(world.Cache, "other"));

        var locked = await fresh.PrefetchAsync("acme.pdf");
        var updated = await fresh.UpdateAsync("acme.pdf");
        using var afterUpdate = world.NewSummoner(o => o.CacheDirectory = Path.Combine(world.Cache, "third"));
        var next = await afterUpdate.PrefetchAsync("acme.pdf");

        Assert.Equal("1.0.0", locked.Version);
        Assert.Equal("1.1.0", Assert.Single(updated).Version);
        Assert.Equal("1.1.0", next.Version);
    }

    [Fact]
    public async Task TheLockRecordsVersionsManifestHashesAndWhy()
    {
        await using var world = await RepositoryWorld.CreateAsync();
        world.Publish("acme.fonts", "3.0.0");
        world.Publish("acme.pdf", "1.0.0", ("acme.fonts", "3.0.0"));
        using var summoner = world.NewSummoner();
        await summoner.PrefetchAsync("acme.pdf");

        var written = await summoner.LockAsync(CancellationToken.None);

        Assert.Equal(["acme.fonts", "acme.pdf"], written.Modules.Keys.Order());
        Assert.Equal(64, written.Modules["acme.fonts"].ManifestSha256.Length);
        Assert.Contains("acme.pdf 1.0.0 depends on acme.fonts", written.Modules["acme.fonts"].Why[^1]);
        Assert.True(File.Exists(Path.Combine(world.AppDirectory, "summon.lock.json")));
    }

    [Fact]
    public async Task LockedModeRefusesAModuleTheLockDoesNotName()
    {
        await using var world = await RepositoryWorld.CreateAsync();
        world.Publish("acme.pdf", "1.0.0");
        world.Publish("acme.zip", "1.0.0");
        using (var summoner = world.NewSummoner())
        {
            await summoner.PrefetchAsync("acme.pdf");
            await summoner.LockAsync(CancellationToken.None);
        }
        using var locked = world.NewSummoner(o => o.Locked = true);

        var error = await Assert.ThrowsAsync<SummonConfigurationException>(() => locked.PrefetchAsync("acme.zip"));

        Assert.Contains("summon lock", error.Message);
    }

    [Fact]
    public async Task ALockNamingARevokedVersionSaysToUpdate()
    {
        await using var world = await RepositoryWorld.CreateAsync();
        world.Publish("acme.pdf", "1.0.0");
        using (var summoner = world.NewSummoner())
        {
            await summoner.PrefetchAsync("acme.pdf");
            await summoner.LockAsync(CancellationToken.None);
        }
        world.Publish("acme.pdf", "1.0.1");
        world.Revoke("acme.pdf", "1.0.0", "CVE-2026-0001: renders untrusted fonts");
        using var fresh = world.NewSummoner(o => o.CacheDirectory = Path.Combine(world.Cache, "other"));

        var error = await Assert.ThrowsAsync<ModuleRevokedException>(() => fresh.PrefetchAsync("acme.pdf"));

        Assert.Contains("CVE-2026-0001", error.Message);
        Assert.Contains("summon update acme.pdf", error.Message);
    }
}
