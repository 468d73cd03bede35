using System.Diagnostics;
using System.Globalization;

namespace Summon.Cli.Output;

/// <summary>
/// Progress on an interactive terminal: one line, rewritten in place with a carriage return and padded to cover
/// the line before (no escape sequences, so any terminal shows it), cleared when the command ends.
/// <c>acme.pdf 1.2.0 data/fonts.bin [=====>    ] 1.5 MB/3.0 MB 2.0 MB/s 1/4 files</c>.
/// </summary>
internal sealed class DownloadProgressBar(TextWriter writer, Func<int> terminalWidth, Func<TimeSpan>? clock = null) : DownloadProgressView
{
    /// <summary>How often the line is redrawn at most, so a fast download does not flood the terminal.</summary>
    public static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    private const int WidestBar = 20;
    private const int NarrowestBar = 8;
    private const int NarrowestName = 12;
    private readonly Func<TimeSpan> clock = clock ?? Since(Stopwatch.StartNew());
    private TimeSpan? started;
    private TimeSpan lastDrawn;
    private int lastFilesCompleted = -1;
    private string drawn = "";

    protected override void Show(DownloadProgress value)
    {
        var now = clock();
        started ??= now;
        // Always drawn: the first report, and each finished file, so every file shows at least once.
        if (drawn.Length > 0 && value.FilesCompleted == lastFilesCompleted && now - lastDrawn < RedrawInterval)
        {
            return;
        }
        lastDrawn = now;
        lastFilesCompleted = value.FilesCompleted;
        // The last column is left free: writing into it makes some terminals wrap.
        Draw(Render(value, now - started.Value, Math.Max(terminalWidth() - 1, 20)));
    }

    protected override void Interject(string line)
    {
        var last = drawn;
        Clear();
        writer.WriteLine(line);
        Draw(last);
    }

    protected override void Finish() => Clear();

    private void Draw(string line)
    {
        if (line.Length == 0)
        {
            return;
        }
        writer.Write('\r' + line.PadRight(drawn.Length));
        writer.Flush();
        drawn = line;
    }

    private void Clear()
    {
        if (drawn.Length > 0)
        {
            writer.Write('\r' + new string(' ', drawn.Length) + '\r');
            writer.Flush();
            drawn = "";
        }
    }

    private static Func<TimeSpan> Since(Stopwatch stopwatch) => () => stopwatch.Elapsed;

    /// <summary>
    /// The line for one report, at most <paramref name="width"/> characters: the bar narrows first, then the file
    /// name loses its start, and on a very narrow terminal a percentage takes the bar's place.
    /// </summary>
    internal static string Render(DownloadProgress value, TimeSpan elapsed, int width)
    {
        var fraction = value.BytesTotal > 0 ? Math.Clamp((double)value.BytesReceived / value.BytesTotal, 0, 1) : 0;
        var rate = elapsed > TimeSpan.Zero ? $" {ByteSize.Format((long)(value.BytesReceived / elapsed.TotalSeconds))}/s" : "";
        var counts = $" {ByteSize.Format(value.BytesReceived)}/{ByteSize.Format(value.BytesTotal)}{rate} {value.FilesCompleted}/{value.FilesTotal} files";
        var name = $"{value.ModuleId} {value.Version} {value.File}";
        var barWidth = Math.Clamp(width - counts.Length - name.Length - 3, NarrowestBar, WidestBar);
        var bar = width - counts.Length - (barWidth + 3) >= NarrowestName
            ? $" [{Bar(fraction, barWidth)}]"
            : string.Create(CultureInfo.InvariantCulture, $" {fraction * 100:0}%");
        var room = width - bar.Length - counts.Length;
        if (room < name.Length)
        {
            // Keep the end of the path: it names the file.
            name = room > 1 ? "…" + name[^(room - 1)..] : "";
        }
        var line = name + bar + counts;
        return line.Length > width ? line[..width] : line;
    }

    private static string Bar(double fraction, int width)
    {
        var filled = (int)Math.Round(fraction * width);
        return filled >= width ? new string('=', width) : new string('=', filled) + ">" + new string(' ', width - filled - 1);
    }
}
