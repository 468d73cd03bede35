namespace Summon.Tests.CacheUnderPressure;

public sealed class TamperingTests
{
    [Fact]
    public async Task A_cached_file_whose_size_or_time_changed_is_fetched_again_on_the_next_import()
    {
        await using var world = await PressureWorld.CreateAsync();
        world.Publish("data.set", "1.0.0", 5000);
        using (var first = world.NewSummoner())
        {
            await first.PrefetchAsync("data.set");
        }
        var file = Path.Combine(world.ModuleFolder("data.set", "1.0.0"), "data0.bin");
        var original = File.ReadAllBytes(file);
        File.AppendAllText(file, "planted");

        using var second = world.NewSummoner();
        await second.PrefetchAsync("data.set");

        Assert.Equal(original, File.ReadAllBytes(file));
        Assert.Equal(2, world.FileDownloads().Single().Value);
    }

    [Fact]
    public async Task Verify_finds_a_file_changed_with_its_size_and_time_kept_and_the_next_import_fetches_it_again()
    {
        await using var world = await PressureWorld.CreateAsync();
        world.Publish("data.set", "1.0.0", 5000);
        Assert.Equal(0, (await world.RunCliAsync("prefetch", "data.set")).ExitCode);
        var file = Path.Combine(world.ModuleFolder("data.set", "1.0.0"), "data0.bin");
        var original = File.ReadAllBytes(file);
        var time = File.GetLastWriteTimeUtc(file);
        var tampered = (byte[])original.Clone();
        tampered[100] ^= 0xFF;
        File.WriteAllBytes(file, tampered);
        File.SetLastWriteTimeUtc(file, time);

        var verified = await world.RunCliAsync("cache", "verify");

        Assert.Equal(1, verified.ExitCode);
        Assert.Contains("damaged: data.set 1.0.0: data0.bin does not have the SHA-256", verified.StandardOutput);
        Assert.Equal(0, (await world.RunCliAsync("prefetch", "data.set")).ExitCode);
        Assert.Equal(original, File.ReadAllBytes(file));
        Assert.Equal(2, world.FileDownloads().Single().Value);
        Assert.Equal(0, (await world.RunCliAsync("cache", "verify")).ExitCode);
    }

    [Fact]
    public async Task Verify_with_no_repair_reports_but_leaves_the_damaged_version_in_place()
    {
        await using var world = await PressureWorld.CreateAsync();
        world.Publish("data.set", "1.0.0", 5000);
        Assert.Equal(0, (await world.RunCliAsync("prefetch", "data.set")).ExitCode);
        File.AppendAllText(Path.Combine(world.ModuleFolder("data.set", "1.0.0"), "data0.bin"), "x");

        var verified = await world.RunCliAsync("cache", "verify", "--no-repair");

        Assert.Equal(1, verified.ExitCode);
        Assert.True(Directory.Exists(world.ModuleFolder("data.set", "1.0.0")));
    }
}
