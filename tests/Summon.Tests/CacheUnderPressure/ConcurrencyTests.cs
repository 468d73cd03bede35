using System.Diagnostics;
using Summon.Cache;

namespace Summon.Tests.CacheUnderPressure;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Six_processes_prefetching_one_module_into_an_empty_cache_download_each_file_once_and_all_succeed()
    {
        await using var world = await PressureWorld.CreateAsync();
        world.Publish("big.data", "1.0.0", 300_000, 200_000, 100_000);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => world.RunCliAsync("prefetch", "big.data")));

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Output));
        var downloads = world.FileDownloads();
        Assert.Equal(3, downloads.Count);
        Assert.All(downloads, d => Assert.Equal(1, d.Value));
        Assert.Equal(0, (await world.RunCliAsync("cache", "verify")).ExitCode);
    }

    [Fact]
    public async Task Sixteen_threads_over_four_summoners_sharing_a_cache_download_each_file_once()
    {
        await using var world = await PressureWorld.CreateAsync();
        world.Publish("big.data", "1.0.0", 200_000, 100_000);
        // Separate summoners have separate in-process gates: only the cross-process lock keeps them from downloading twice.
        var summoners = Enumerable.Range(0, 4).Select(_ => world.NewSummoner()).ToList();
        try
        {
            var infos = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => summoners[i % 4].PrefetchAsync("big.data"))));

            Assert.All(infos, info => Assert.Equal("1.0.0", info.Version));
            Assert.All(world.FileDownloads(), d => Assert.Equal(1, d.Value));
            Assert.Equal(2, world.FileDownloads().Count);
        }
        finally
        {
            summoners.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public void An_entry_lock_is_exclusive_until_its_holder_lets_go()
    {
        using var folder = new TempDirectory("lock-");
        var path = folder.Combine("locks", "m@1.0.0.lock");

        using (var first = EntryLock.TryAcquire(path))
        {
            Assert.NotNull(first);
            Assert.Null(EntryLock.TryAcquire(path));
        }

        using var again = EntryLock.TryAcquire(path);
        Assert.NotNull(again);
    }

    [Fact]
    public async Task Waiting_for_a_held_lock_gives_up_after_its_bound_with_an_error_that_says_who_holds_it()
    {
        using var folder = new TempDirectory("lock-");
        var path = folder.Combine("m@1.0.0.lock");
        using var held = EntryLock.TryAcquire(path);

        var waited = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<SummonException>(() => EntryLock.AcquireAsync(path, "installing m 1.0.0", TimeSpan.FromMilliseconds(300), CancellationToken.None));

        Assert.Contains(path, error.Message);
        Assert.InRange(waited.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Waiting_for_a_held_lock_can_be_cancelled()
    {
        using var folder = new TempDirectory("lock-");
        var path = folder.Combine("m@1.0.0.lock");
        using var held = EntryLock.TryAcquire(path);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => EntryLock.AcquireAsync(path, "installing m 1.0.0", TimeSpan.FromMinutes(5), cancel.Token));
    }

    [LinuxFact]
    public async Task A_lock_holder_killed_with_sigkill_never_blocks_the_next_process()
    {
        using var folder = new TempDirectory("lock-");
        var path = folder.Combine("m@1.0.0.lock");
        File.WriteAllText(path, "");
        // util-linux flock(1) takes the same kind of lock .NET takes for FileShare.None: another process's real flock.
        using var holder = Process.Start(new ProcessStartInfo("flock", ["--exclusive", path, "sleep", "60"]))!;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (EntryLock.TryAcquire(path) is { } notYet)
        {
            notYet.Dispose();
            Assert.True(DateTime.UtcNow < deadline, "flock never took the lock");
            await Task.Delay(20);
        }

        holder.Kill(entireProcessTree: true);
        await holder.WaitForExitAsync();

        using var taken = await EntryLock.AcquireAsync(path, "installing m 1.0.0", TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.NotNull(taken);
    }
}
