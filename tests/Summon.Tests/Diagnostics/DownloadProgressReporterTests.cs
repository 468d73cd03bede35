using Summon.Diagnostics;

namespace Summon.Tests.Diagnostics;

/// <summary>How one operation's downloads add up into the reports a caller sees.</summary>
public class DownloadProgressReporterTests
{
    [Fact]
    public void TheFirstChunkOfAnOperationIsReportedBeforeAnyFileCompletes()
    {
        var progress = new RecordedProgress();
        var reporter = new DownloadProgressReporter(progress);
        reporter.Plan(1, 100);
        var file = reporter.StartFile("acme.maps", "1.0.0", "tiles/world.bin", 100);

        file.Written(40);

        var report = Assert.Single(progress.Reports);
        Assert.Equal((40L, 0, 40L, 100L), (report.FileBytesReceived, report.FilesCompleted, report.BytesReceived, report.BytesTotal));
    }

    [Fact]
    public void FilesTakenBackAfterTheRestCompletedStillEndAtTheTotals()
    {
        var progress = new RecordedProgress();
        var reporter = new DownloadProgressReporter(progress);
        reporter.Plan(1, 100);
        reporter.Plan(2, 500);
        var first = reporter.StartFile("acme.fonts", "1.0.0", "fonts.bin", 100);
        first.Written(100);
        first.Complete();

        reporter.Unplan(2, 500);

        var last = progress.Reports[^1];
        Assert.Equal((1, 1, 100L, 100L), (last.FilesCompleted, last.FilesTotal, last.BytesReceived, last.BytesTotal));
    }

    [Fact]
    public void FilesTakenBackBeforeAnyReportAreNotReported()
    {
        var progress = new RecordedProgress();
        var reporter = new DownloadProgressReporter(progress);
        reporter.Plan(2, 500);

        reporter.Unplan(2, 500);

        Assert.Empty(progress.Reports);
    }
}
