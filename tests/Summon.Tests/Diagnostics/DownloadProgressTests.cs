namespace Summon.Tests.Diagnostics;

/// <summary>The progress of downloads, as an application or the CLI sees it, against a real repository on 127.0.0.1.</summary>
public class DownloadProgressTests
{
    private static readonly Dictionary<string, int> Big = new() { ["data/big.bin"] = 3 * 1024 * 1024 + 17, ["small.txt"] = 1000 };
    private static readonly Dictionary<string, int> Dependency = new() { ["fonts.bin"] = 200_000 };

    private static async Task<DataModuleRepository> RepositoryWithAModuleAndADependencyAsync()
    {
        var repository = await DataModuleRepository.CreateAsync();
        repository.Publish("acme.fonts", "1.0.0", Dependency);
        repository.Publish("acme.pdf", "1.0.0", Big, dependencies: new Dictionary<string, string> { ["acme.fonts"] = "[1.0,2.0)" });
        return repository;
    }

    private static void AssertNeverGoesBack(IReadOnlyList<DownloadProgress> reports)
    {
        for (var i = 1; i < reports.Count; i++)
        {
            Assert.True(reports[i].BytesReceived >= reports[i - 1].BytesReceived, $"bytes went back at report {i}");
            Assert.True(reports[i].FilesCompleted >= reports[i - 1].FilesCompleted, $"files went back at report {i}");
        }
        Assert.All(reports, r => Assert.InRange(r.FileBytesReceived, 0, r.FileLength));
        Assert.All(reports, r => Assert.InRange(r.BytesReceived, 0, r.BytesTotal));
    }

    [Fact]
    public async Task AnImportReportsEveryFileOfTheModuleAndItsDependenciesAndEndsAtTheTotals()
    {
        await using var repository = await RepositoryWithAModuleAndADependencyAsync();
        using var summoner = new Summoner(repository.Options());
        var progress = new RecordedProgress();

        await summoner.ImportAsync("acme.pdf", progress);

        var reports = progress.Reports;
        AssertNeverGoesBack(reports);
        var last = reports[^1];
        Assert.Equal(3, last.FilesTotal);
        Assert.Equal(3, last.FilesCompleted);
        Assert.Equal(Big.Values.Sum() + Dependency.Values.Sum(), last.BytesTotal);
        Assert.Equal(last.BytesTotal, last.BytesReceived);
        Assert.All(reports, r => Assert.Equal(last.BytesTotal, r.BytesTotal));
    }

    [Fact]
    public async Task EachFileGetsAFinalReportWithItsWholeLength()
    {
        await using var repository = await RepositoryWithAModuleAndADependencyAsync();
        using var summoner = new Summoner(repository.Options());
        var progress = new RecordedProgress();

        await summoner.PrefetchAsync("acme.pdf", includeLazyFiles: false, progress);

        var finals = progress.Reports.Where(r => r.FileBytesReceived == r.FileLength).ToList();
        Assert.Equal(["acme.fonts fonts.bin 200000", "acme.pdf data/big.bin 3145745", "acme.pdf small.txt 1000"],
            finals.Select(r => $"{r.ModuleId} {r.File} {r.FileLength}").Order(StringComparer.Ordinal));
        Assert.All(finals, r => Assert.Equal("1.0.0", r.Version));
        Assert.Equal([1, 2, 3], finals.Select(r => r.FilesCompleted));
    }

    [Fact]
    public async Task AnImportTheCacheAnswersReportsNothing()
    {
        await using var repository = await RepositoryWithAModuleAndADependencyAsync();
        using (var first = new Summoner(repository.Options()))
        {
            await first.PrefetchAsync("acme.pdf");
        }
        using var summoner = new Summoner(repository.Options());
        var progress = new RecordedProgress();

        await summoner.ImportAsync("acme.pdf", progress);

        Assert.Empty(progress.Reports);
    }

    [Fact]
    public async Task ALazyFileReportsItsOwnDownloadAndNothingOnceFetched()
    {
        await using var repository = await DataModuleRepository.CreateAsync();
        repository.Publish("acme.maps", "1.0.0", new Dictionary<string, int> { ["index.txt"] = 10, ["tiles/world.bin"] = 1_500_000 }, lazy: ["tiles/**"]);
        using var summoner = new Summoner(repository.Options());
        var module = await summoner.ImportAsync("acme.maps");
        var progress = new RecordedProgress();

        await module.GetFileAsync("tiles/world.bin", progress);
        var again = new RecordedProgress();
        await module.GetFileAsync("tiles/world.bin", again);

        var last = progress.Reports[^1];
        Assert.Equal(new DownloadProgress("acme.maps", "1.0.0", "tiles/world.bin", 1_500_000, 1_500_000, 1, 1, 1_500_000, 1_500_000), last);
        AssertNeverGoesBack(progress.Reports);
        Assert.Empty(again.Reports);
    }

    [Fact]
    public async Task APrefetchOfLazyFilesCountsThemInTheSameOperation()
    {
        await using var repository = await DataModuleRepository.CreateAsync();
        repository.Publish("acme.maps", "1.0.0", new Dictionary<string, int> { ["index.txt"] = 10, ["tiles/world.bin"] = 1_500_000 }, lazy: ["tiles/**"]);
        using var summoner = new Summoner(repository.Options());
        var progress = new RecordedProgress();

        await summoner.PrefetchAsync("acme.maps", includeLazyFiles: true, progress);

        AssertNeverGoesBack(progress.Reports);
        var last = progress.Reports[^1];
        Assert.Equal((2, 2, 1_500_010L, 1_500_010L), (last.FilesCompleted, last.FilesTotal, last.BytesReceived, last.BytesTotal));
    }

    [Fact]
    public async Task AnUpdateReportsTheNewVersionsDownloads()
    {
        await using var repository = await DataModuleRepository.CreateAsync();
        repository.Publish("acme.fonts", "1.0.0", Dependency);
        using (var first = new Summoner(repository.Options()))
        {
            await first.PrefetchAsync("acme.fonts");
        }
        repository.Publish("acme.fonts", "1.1.0", new Dictionary<string, int> { ["fonts.bin"] = 250_000 });
        using var summoner = new Summoner(repository.Options());
        var progress = new RecordedProgress();

        await summoner.UpdateAsync("acme.fonts", progress);

        var last = progress.Reports[^1];
        Assert.Equal(("1.1.0", 1, 1, 250_000L), (last.Version, last.FilesCompleted, last.FilesTotal, last.BytesReceived));
    }
}
