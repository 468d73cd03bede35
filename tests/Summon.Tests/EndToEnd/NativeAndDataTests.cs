using System.Collections.Concurrent;
using Summon.Publishing;
using Summon.Server;

namespace Summon.Tests.EndToEnd;

/// <summary>Native libraries for this platform only, beside the module's assembly; data files fetched when asked for.</summary>
public sealed class NativeAndDataTests(NativeModuleFixture module) : IClassFixture<NativeModuleFixture>, IAsyncLifetime
{
    private readonly TempDirectory work = new("native-e2e-");
    private readonly ConcurrentQueue<RequestLogEntry> requests = new();
    private SummonRepositoryServer? server;

    private Summoner NewSummoner() => new(new SummonOptions
    {
        Repository = server!.Url,
        TrustedRootPath = Path.Combine(work.Path, "repo", "metadata", "1.root.json"),
        CacheDirectory = work.Combine("cache"),
    });

    public async Task InitializeAsync()
    {
        using (var editor = RepositoryEditor.Init(work.Combine("repo"), work.Combine("keys")))
        {
            editor.Publish(module.ModuleDirectory, "acme.native", "1.0.0", lazyFiles: ["data/model.bin"]);
        }
        server = await SummonRepositoryServer.StartAsync(work.Combine("repo"), new SummonServerOptions { OnRequest = requests.Enqueue });
    }

    public async Task DisposeAsync()
    {
        await server!.DisposeAsync();
        work.Dispose();
    }

    [Fact]
    public async Task AModuleCallsItsNativeLibraryThroughDllImport()
    {
        using var summoner = NewSummoner();

        var handle = await summoner.ImportAsync("acme.native");
        var add = handle.Assembly!.GetType("Acme.Native.NativeAdder")!.GetMethod("Add")!;

        Assert.Equal(1042, add.Invoke(null, [40, 2]));
    }

    [Fact]
    public async Task OnlyThisPlatformsNativeFilesAreDownloaded()
    {
        using var summoner = NewSummoner();

        await summoner.PrefetchAsync("acme.native");

        var natives = requests.Where(r => r.Path.Contains("/runtimes/")).Select(r => r.Path).ToList();
        Assert.Single(natives);
        Assert.Contains($"/runtimes/{NativeModuleFixture.ThisPlatform}/native/", natives[0]);
    }

    [Fact]
    public async Task ManagedAndNativeFilesAreInstalledSideBySide()
    {
        using var summoner = NewSummoner();

        var info = await summoner.PrefetchAsync("acme.native");

        Assert.True(File.Exists(Path.Combine(info.Directory, "Acme.Native.dll")));
        Assert.True(File.Exists(Path.Combine(info.Directory, "libacmenative.so")));
    }

    [Fact]
    public async Task ALazyDataFileIsFetchedOnlyWhenFirstAskedFor()
    {
        using var summoner = NewSummoner();
        var handle = await summoner.ImportAsync("acme.native");
        Assert.DoesNotContain(requests, r => r.Path.EndsWith(".model.bin"));

        var path = await handle.GetFileAsync("data/model.bin");

        Assert.Equal(100_000, new FileInfo(path).Length);
        Assert.Single(requests, r => r.Path.EndsWith(".model.bin"));
        Assert.Equal(path, await handle.GetFileAsync("data/model.bin"));
        Assert.Single(requests, r => r.Path.EndsWith(".model.bin"));
    }

    [Fact]
    public async Task AnEagerDataFileIsThereAtInstall()
    {
        using var summoner = NewSummoner();

        var handle = await summoner.ImportAsync("acme.native");

        Assert.Equal("cat\ndog\n", File.ReadAllText(handle.GetFilePath("data/labels.txt")));
    }

    [Fact]
    public async Task ALazyFileChangedOnTheServerIsRefusedAndNotPlaced()
    {
        using var summoner = NewSummoner();
        var handle = await summoner.ImportAsync("acme.native");
        var served = Directory.EnumerateFiles(work.Combine("repo", "targets"), "*.model.bin", SearchOption.AllDirectories).Single();
        File.WriteAllBytes(served, new byte[100_000]);

        var error = await Assert.ThrowsAsync<ModuleVerificationException>(() => handle.GetFileAsync("data/model.bin"));

        Assert.Equal("data/model.bin", error.File);
        Assert.False(File.Exists(Path.Combine(handle.Info.Directory, "data", "model.bin")));
    }
}
