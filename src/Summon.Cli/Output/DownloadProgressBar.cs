using System.Diagnostics;
using System.Globalization;

namespace Summon.Cli.Output;

/// <summary>
/// Progress on an interactive terminal: one line, rewritten in place with a carriage return and padded to the
/// terminal's width (no escape sequences, so any terminal shows it), cleared when the command ends.
/// <c>acme.pdf 1.2.0 data/fonts.bin [=====>    ] 1.5 MB/3.0 MB 2.0 MB/s 1/4 files</c>.
/// </summary>
internal sealed class DownloadProgressBar(TextWriter writer, Func<int> terminalWidth, Func<TimeSpan>? clock = null) : DownloadProgressView
{
    /// <summary>How often the line is redrawn at most, so a fast download does not flood the terminal.</summary>
    public static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    private const int BarWidth = 20;
    private readonly Func<TimeSpan> clock = clock ?? Since(Stopwatch.StartNew());
    private TimeSpan? started;
    private TimeSpan lastDrawn;
    private int lastFilesCompleted = -1;
    private int drawnWidth;

    protected override void Show(DownloadProgress value)
    {
        var now = clock();
        started ??= now;
        // Always drawn: the first report, and each finished file, so every file shows at least once.
        if (drawnWidth > 0 && value.FilesCompleted == lastFilesCompleted && now - lastDrawn < RedrawInterval)
        {
            return;
        }
        lastDrawn = now;
        lastFilesCompleted = value.FilesCompleted;
        var width = Math.Max(terminalWidth() - 1, 20); // the last column would wrap on some terminals
        var line = Render(value, now - started.Value, width);
        writer.Write('\r' + line.PadRight(Math.Max(drawnWidth, line.Length)));
        writer.Flush();
        drawnWidth = line.Length;
    }

    protected override void Finish()
    {
        if (drawnWidth > 0)
        {
            writer.Write('\r' + new string(' ', drawnWidth) + '\r');
            writer.Flush();
            drawnWidth = 0;
        }
    }

    private static Func<TimeSpan> Since(Stopwatch stopwatch) => () => stopwatch.Elapsed;

    /// <summary>The line for one report, at most <paramref name="width"/> characters; the file name gives way first.</summary>
    internal static string Render(DownloadProgress value, TimeSpan elapsed, int width)
    {
        var fraction = value.BytesTotal > 0 ? Math.Clamp((double)value.BytesReceived / value.BytesTotal, 0, 1) : 0;
        var rate = elapsed > TimeSpan.Zero ? $" {ByteSize.Format((long)(value.BytesReceived / elapsed.TotalSeconds))}/s" : "";
        var counts = $" {ByteSize.Format(value.BytesReceived)}/{ByteSize.Format(value.BytesTotal)}{rate} {value.FilesCompleted}/{value.FilesTotal} files";
        var filled = (int)Math.Round(fraction * BarWidth);
        var bar = $" [{new string('=', filled)}{(filled < BarWidth ? ">" + new string(' ', BarWidth - filled - 1) : "")}]";
        var name = $"{value.ModuleId} {value.Version} {value.File}";
        if (name.Length + bar.Length + counts.Length > width)
        {
            bar = string.Create(CultureInfo.InvariantCulture, $" {fraction * 100:0}%");
        }
        var room = width - bar.Length - counts.Length;
        if (room < name.Length)
        {
            // Keep the end of the path: it names the file.
            name = room > 1 ? "…" + name[^(room - 1)..] : "";
        }
        var line = name + bar + counts;
        return line.Length > width ? line[..width] : line;
    }
}
