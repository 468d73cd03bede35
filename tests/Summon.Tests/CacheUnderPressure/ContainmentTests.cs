using Summon.Cache;

namespace Summon.Tests.CacheUnderPressure;

public sealed class ContainmentTests
{
    [Theory]
    [InlineData("../outside.bin")]
    [InlineData("lib/../../outside.bin")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/Windows/win.ini")]
    [InlineData("C:outside.bin")]
    public void A_path_that_would_leave_its_module_folder_is_refused_by_the_store(string relativePath)
    {
        using var folder = new TempDirectory("contain-");

        Assert.Null(ContainedPath.TryCombine(folder.Path, relativePath));
        Assert.Throws<SummonException>(() => ContainedPath.Combine(folder.Path, relativePath));
    }

    [Fact]
    public void A_path_inside_its_module_folder_is_accepted()
    {
        using var folder = new TempDirectory("contain-");

        Assert.Equal(Path.Combine(folder.Path, "lib", "a.dll"), ContainedPath.TryCombine(folder.Path, "lib/./a.dll"));
    }

    [Fact]
    public async Task An_install_record_tampered_to_point_outside_the_module_is_damaged_for_loads_and_for_verify()
    {
        await using var world = await PressureWorld.CreateAsync();
        world.Publish("data.set", "1.0.0", 100);
        Assert.Equal(0, (await world.RunCliAsync("prefetch", "data.set")).ExitCode);
        var record = Path.Combine(world.ModuleFolder("data.set", "1.0.0"), ".summon-install");
        File.WriteAllText(record, File.ReadAllText(record).Replace(" data0.bin", " ../../../../outside.bin"));

        using (var offline = world.NewSummoner(o => o.Offline = true))
        {
            await Assert.ThrowsAsync<RepositoryUnavailableException>(() => offline.PrefetchAsync("data.set"));
        }
        var verified = await world.RunCliAsync("cache", "verify");

        Assert.Equal(1, verified.ExitCode);
        Assert.Contains("outside the module", verified.StandardOutput);
    }

    [UnixFact]
    public async Task A_cached_file_replaced_by_a_symlink_is_damaged_and_fetched_again_as_a_file()
    {
        await using var world = await PressureWorld.CreateAsync();
        world.Publish("data.set", "1.0.0", 5000);
        using (var first = world.NewSummoner())
        {
            await first.PrefetchAsync("data.set");
        }
        var file = Path.Combine(world.ModuleFolder("data.set", "1.0.0"), "data0.bin");
        // The link points at an exact copy with the same time: only its being a link gives it away.
        var elsewhere = world.Combine("elsewhere.bin");
        File.Copy(file, elsewhere);
        File.SetLastWriteTimeUtc(elsewhere, File.GetLastWriteTimeUtc(file));
        File.Delete(file);
        File.CreateSymbolicLink(file, elsewhere);

        using var second = world.NewSummoner();
        await second.PrefetchAsync("data.set");

        Assert.Null(new FileInfo(file).LinkTarget);
        Assert.Equal(2, world.FileDownloads().Single().Value);
    }

    [UnixFact]
    public async Task A_module_folder_replaced_by_a_symlink_is_damaged_for_loads_and_for_verify()
    {
        await using var world = await PressureWorld.CreateAsync();
        world.Publish("data.set", "1.0.0", 5000);
        Assert.Equal(0, (await world.RunCliAsync("prefetch", "data.set")).ExitCode);
        var folder = world.ModuleFolder("data.set", "1.0.0");
        var elsewhere = world.Combine("elsewhere");
        Directory.Move(folder, elsewhere);
        Directory.CreateSymbolicLink(folder, elsewhere);

        using (var offline = world.NewSummoner(o => o.Offline = true))
        {
            await Assert.ThrowsAsync<RepositoryUnavailableException>(() => offline.PrefetchAsync("data.set"));
        }
        var verified = await world.RunCliAsync("cache", "verify");

        Assert.Equal(1, verified.ExitCode);
        Assert.Contains("symlink", verified.StandardOutput);
        Assert.True(Directory.Exists(elsewhere), "verify removes the link, never what it points at");
    }
}
