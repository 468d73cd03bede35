extern alias SummonCli;

using SummonCli::Summon.Cli.Output;

namespace Summon.Tests.CliOutput;

/// <summary>The progress bar (a terminal) and the progress lines (a log), driven by hand with a clock the test moves.</summary>
public class DownloadProgressViewTests
{
    private const long MB = 1024 * 1024;
    private readonly StringWriter written = new();
    private TimeSpan now;

    private static DownloadProgress Report(string file, long fileReceived, long fileLength, int filesCompleted, long received, long total = 4 * MB, int files = 3) =>
        new("acme.pdf", "1.2.0", file, fileReceived, fileLength, filesCompleted, files, received, total);

    private DownloadProgressBar Bar(int width = 100) => new(written, () => width, () => now);

    [Fact]
    public void TheBarShowsTheFileBytesOfTotalRateAndFiles()
    {
        var line = DownloadProgressBar.Render(Report("data/fonts.bin", MB, 2 * MB, 1, 2 * MB), TimeSpan.FromSeconds(2), 100);

        Assert.StartsWith("acme.pdf 1.2.0 data/fonts.bin [==========>         ]", line);
        Assert.EndsWith(" 2.0 MB/4.0 MB 1.0 MB/s 1/3 files", line);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(40)]
    [InlineData(79)]
    [InlineData(200)]
    public void TheLineNeverOutgrowsTheTerminal(int width)
    {
        var line = DownloadProgressBar.Render(Report(string.Join('/', Enumerable.Repeat("a-long-folder-name", 8)) + "/file.bin", 10, 20, 0, 10), TimeSpan.FromSeconds(1), width);

        Assert.True(line.Length <= width, $"{line.Length} > {width}: {line}");
    }

    [Fact]
    public void ALongPathGivesWayFromItsStartSoTheFileNameShows()
    {
        var line = DownloadProgressBar.Render(Report("a/very/deeply/nested/folder/of/data/fonts.bin", 1, 2, 0, 1), TimeSpan.FromSeconds(1), 70);

        Assert.StartsWith("…", line);
        Assert.Contains("/data/fonts.bin [", line);
        Assert.Equal(70, line.Length);
    }

    [Fact]
    public void ANarrowTerminalShowsAPercentageInsteadOfTheBar()
    {
        var line = DownloadProgressBar.Render(Report("fonts.bin", 1, 2, 0, MB), TimeSpan.FromSeconds(1), 50);

        Assert.DoesNotContain("[", line);
        Assert.Contains(" 25% ", line);
    }

    [Fact]
    public void EachDrawRewritesTheLineInPlace()
    {
        using var bar = Bar();
        bar.Report(Report("a.bin", 10, 100, 0, 10));
        now += DownloadProgressBar.RedrawInterval;
        bar.Report(Report("a.bin", 20, 100, 0, 20));

        var draws = written.ToString().Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, draws.Length);
        Assert.DoesNotContain('\n', written.ToString());
    }

    [Fact]
    public void ReportsFasterThanTheRedrawIntervalAreSkippedButAFinishedFileIsDrawn()
    {
        using var bar = Bar();
        bar.Report(Report("a.bin", 10, 100, 0, 10));
        bar.Report(Report("a.bin", 20, 100, 0, 20));
        bar.Report(Report("a.bin", 100, 100, 1, 100));

        var draws = written.ToString().Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, draws.Length);
        Assert.Contains("1/3 files", draws[1]);
    }

    [Fact]
    public void AShorterLineCoversTheLongerOneBeforeIt()
    {
        using var bar = Bar();
        bar.Report(Report("a-rather-long-file-name.bin", 10, 100, 0, 10));
        var first = written.ToString().Length;
        bar.Report(Report("b.bin", 0, 100, 1, 100));

        Assert.Equal(first, written.ToString().Length - first);
    }

    [Fact]
    public void WhenTheCommandEndsTheLineIsCleared()
    {
        var bar = Bar();
        bar.Report(Report("a.bin", 10, 100, 0, 10));
        var drawn = written.ToString().Length - 1;

        bar.Dispose();

        Assert.EndsWith("\r" + new string(' ', drawn) + "\r", written.ToString());
    }

    [Fact]
    public void ANoteDuringProgressGetsALineOfItsOwnAndTheBarComesBack()
    {
        using var bar = Bar();
        bar.Report(Report("a.bin", 10, 100, 0, 10));
        var line = written.ToString()[1..];

        bar.WriteLine("summon: installed acme.pdf 1.2.0");

        Assert.EndsWith($"\r{new string(' ', line.Length)}\rsummon: installed acme.pdf 1.2.0{Environment.NewLine}\r{line}", written.ToString());
    }

    [Fact]
    public void ABarNarrowsBeforeTheFileNameIsCut()
    {
        var wide = DownloadProgressBar.Render(Report("data/fonts.bin", 1, 2, 0, MB), TimeSpan.FromSeconds(1), 200);
        var narrow = DownloadProgressBar.Render(Report("data/fonts.bin", 1, 2, 0, MB), TimeSpan.FromSeconds(1), 75);

        Assert.Contains("acme.pdf 1.2.0 data/fonts.bin [", narrow);
        Assert.True(narrow.IndexOf(']') - narrow.IndexOf('[') < wide.IndexOf(']') - wide.IndexOf('['), $"{narrow}\n{wide}");
    }

    [Fact]
    public void NothingDrawnMeansNothingCleared()
    {
        Bar().Dispose();

        Assert.Equal("", written.ToString());
    }

    [Fact]
    public void PlainLinesSayEachFinishedFileOnceWithoutCarriageReturns()
    {
        using var lines = new DownloadProgressLines(written);
        lines.Report(Report("data/a.bin", 10, 2 * MB, 0, 10));
        lines.Report(Report("data/a.bin", 2 * MB, 2 * MB, 1, 2 * MB));
        lines.Report(Report("data/a.bin", 2 * MB, 2 * MB, 1, 2 * MB));
        lines.Report(Report("empty.txt", 0, 0, 2, 2 * MB));

        Assert.Equal(
            $"fetched acme.pdf 1.2.0 data/a.bin (2.0 MB) [1/3]{Environment.NewLine}fetched acme.pdf 1.2.0 empty.txt (0 B) [2/3]{Environment.NewLine}",
            written.ToString());
    }

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1536, "1.5 KB")]
    [InlineData(3 * MB, "3.0 MB")]
    public void SizesReadAsPeopleWriteThem(long bytes, string expected)
    {
        Assert.Equal(expected, ByteSize.Format(bytes));
    }
}
