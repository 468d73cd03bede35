namespace Summon.Diagnostics;

/// <summary>
/// The progress line a console application opts in to (<see cref="SummonOptions.ShowProgress"/>) for the resolve
/// hook's first fetch. On a terminal one line is rewritten in place and ended when the downloads are done; when the
/// output is redirected (a log, CI) a plain line is written at the start, at each quarter and at the end, so a log
/// gets a few lines and no carriage returns.
/// </summary>
internal sealed class ConsoleProgress(TextWriter output, bool isTerminal) : IProgress<DownloadProgress>
{
    private int quartersShown = -1;
    private int widest;
    private bool lineOpen;

    /// <summary>Standard error, as a terminal or as a redirected stream.</summary>
    public static ConsoleProgress StandardError() => new(Console.Error, !Console.IsErrorRedirected);

    public void Report(DownloadProgress value)
    {
        var done = value.FilesCompleted >= value.FilesTotal && value.BytesReceived >= value.BytesTotal;
        var percent = value.BytesTotal > 0 ? (int)(value.BytesReceived * 100 / value.BytesTotal) : 100;
        var line = $"summon: fetching {value.ModuleId} {value.Version}: {percent,3}% ({Megabytes(value.BytesReceived)} of {Megabytes(value.BytesTotal)} MB, {value.FilesCompleted} of {value.FilesTotal} files)";
        if (isTerminal)
        {
            // Padding wipes what a longer earlier line left behind.
            widest = Math.Max(widest, line.Length);
            output.Write($"\r{line.PadRight(widest)}{(done ? Environment.NewLine : "")}");
            output.Flush();
            lineOpen = !done;
            return;
        }
        var quarters = done ? 4 : Math.Min(3, percent / 25);
        if (quarters > quartersShown)
        {
            quartersShown = quarters;
            output.WriteLine(line);
            output.Flush();
        }
    }

    /// <summary>Ends a terminal line the downloads left unfinished (they failed or were cancelled), so what follows starts on its own line.</summary>
    public void EndLine()
    {
        if (lineOpen)
        {
            output.WriteLine();
            output.Flush();
            lineOpen = false;
        }
    }

    private static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
