namespace Summon.Tests.CacheUnderPressure;

public sealed class DiskFullTests
{
    [LinuxRootFact]
    public async Task Running_out_of_space_mid_install_is_a_clear_error_leaves_nothing_partial_and_the_previous_version_still_loads()
    {
        await using var world = await PressureWorld.CreateAsync();
        world.Publish("grow.data", "1.0.0", 100_000);
        world.Publish("grow.data", "2.0.0", 3_000_000);
        Directory.CreateDirectory(world.Cache);
        var (mounted, output) = RootTools.Run("mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", world.Cache);
        Assert.True(mounted == 0, $"mount of a 2 MB tmpfs failed even as root: {output}");
        try
        {
            using (var first = world.NewSummoner())
            {
                await first.PrefetchAsync("grow.data@[1.0.0]");
            }

            using var second = world.NewSummoner();
            var error = await Assert.ThrowsAsync<SummonException>(() => second.PrefetchAsync("grow.data@[2.0.0]"));

            Assert.Contains("No space left", error.Message);
            Assert.Contains("SUMMON_CACHE_DIR", error.Message);
            Assert.Empty(Directory.EnumerateFileSystemEntries(world.StagingFolder));
            Assert.False(Directory.Exists(world.ModuleFolder("grow.data", "2.0.0")));
            using var offline = world.NewSummoner(o => o.Offline = true);
            Assert.Equal("1.0.0", (await offline.PrefetchAsync("grow.data")).Version);
        }
        finally
        {
            RootTools.Run("umount", "-l", world.Cache);
        }
    }
}
