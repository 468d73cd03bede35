using Summon.FaultInjection;

namespace Summon.Tests.CacheUnderPressure;

public sealed class CrashSafetyTests
{
    private const int Kills = 5;

    [Fact]
    public async Task Prefetches_killed_at_random_points_leave_a_cache_that_the_next_run_completes_and_verify_finds_clean()
    {
        await using var world = await PressureWorld.CreateAsync(faultServer: true);
        world.Publish("large.model", "1.0.0", 2_000_000, 2_000_000, 1_000_000);
        // Files arrive at 500 kB/s each, so a kill anywhere in the first seconds lands mid-download (or before it).
        world.Faults.Inject("targets/modules/**", FaultSpec.Parse("drip=500000"));
        var random = new Random(5);

        for (var kill = 0; kill < Kills; kill++)
        {
            using var process = world.StartCli("prefetch", "large.model");
            if (kill == Kills - 1)
            {
                // On a loaded machine a random delay can end before the download starts; the last kill waits for it, so
                // at least one kill is certain to land mid-download.
                await WaitForStagingAsync(world, process);
            }
            await Task.Delay(kill == Kills - 1 ? random.Next(0, 1500) : random.Next(200, 3500));
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Assert.NotEmpty(Directory.EnumerateDirectories(world.StagingFolder));
        Assert.False(Directory.Exists(world.ModuleFolder("large.model", "1.0.0")));

        world.Faults.ClearFaults();
        var completed = await world.RunCliAsync("prefetch", "large.model");
        Assert.True(completed.ExitCode == 0, completed.Output);
        var verified = await world.RunCliAsync("cache", "verify");
        Assert.True(verified.ExitCode == 0, verified.Output);
        Assert.Contains("0 damaged", verified.StandardOutput);
        // The install that completed swept what the killed installs of the same version left in staging.
        Assert.Empty(Directory.Exists(world.StagingFolder) ? Directory.EnumerateDirectories(world.StagingFolder) : []);
    }

    private static async Task WaitForStagingAsync(PressureWorld world, System.Diagnostics.Process process)
    {
        for (var poll = 0; poll < 1200 && !process.HasExited; poll++)
        {
            if (Directory.Exists(world.StagingFolder) && Directory.EnumerateDirectories(world.StagingFolder).Any())
            {
                return;
            }
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_module_folder_without_its_install_record_is_reported_by_verify_and_installed_again()
    {
        await using var world = await PressureWorld.CreateAsync();
        world.Publish("small.data", "1.0.0", 1000);
        Assert.Equal(0, (await world.RunCliAsync("prefetch", "small.data")).ExitCode);
        File.Delete(Path.Combine(world.ModuleFolder("small.data", "1.0.0"), ".summon-install"));

        var verified = await world.RunCliAsync("cache", "verify");

        Assert.Equal(1, verified.ExitCode);
        Assert.Contains("install record", verified.StandardOutput);
        Assert.Equal(0, (await world.RunCliAsync("prefetch", "small.data")).ExitCode);
        Assert.Equal(0, (await world.RunCliAsync("cache", "verify")).ExitCode);
    }
}
