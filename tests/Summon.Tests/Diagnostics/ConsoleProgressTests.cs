using Summon.Diagnostics;

namespace Summon.Tests.Diagnostics;

/// <summary>How the opt-in progress line looks on a terminal and in a redirected log.</summary>
public class ConsoleProgressTests
{
    private static DownloadProgress At(long bytes, int files) => new("acme.pdf", "1.2.0", "lib/a.dll", 0, 0, files, 2, bytes, 2_097_152);

    [Fact]
    public void OnATerminalOneLineIsRewrittenInPlaceAndEndedWhenDone()
    {
        var output = new StringWriter();
        var progress = new ConsoleProgress(output, isTerminal: true);

        progress.Report(At(524_288, 0));
        progress.Report(At(2_097_152, 2));

        Assert.Equal(
            "\rsummon: fetching acme.pdf 1.2.0:  25% (0.5 of 2.0 MB, 0 of 2 files)"
            + "\rsummon: fetching acme.pdf 1.2.0: 100% (2.0 of 2.0 MB, 2 of 2 files)" + Environment.NewLine,
            output.ToString());
    }

    [Fact]
    public void OnATerminalALineTheDownloadsLeftUnfinishedIsEndedAfterwards()
    {
        var output = new StringWriter();
        var progress = new ConsoleProgress(output, isTerminal: true);

        progress.Report(At(524_288, 0));
        progress.EndLine();
        progress.EndLine();

        Assert.Equal("\rsummon: fetching acme.pdf 1.2.0:  25% (0.5 of 2.0 MB, 0 of 2 files)" + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void OnATerminalALineTheDownloadsFinishedIsNotEndedTwice()
    {
        var output = new StringWriter();
        var progress = new ConsoleProgress(output, isTerminal: true);

        progress.Report(At(2_097_152, 2));
        progress.EndLine();

        Assert.EndsWith("2 of 2 files)" + Environment.NewLine, output.ToString());
        Assert.Single(output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void RedirectedOnlyTheStartEachQuarterAndTheEndAreWritten()
    {
        var output = new StringWriter();
        var progress = new ConsoleProgress(output, isTerminal: false);

        foreach (var bytes in new long[] { 1000, 2000, 600_000, 700_000, 1_100_000, 2_000_000 })
        {
            progress.Report(At(bytes, 0));
        }
        progress.Report(At(2_097_152, 2));

        Assert.Equal(["  0%", " 28%", " 52%", " 95%", "100%"], output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Select(l => l[33..37]));
    }
}
