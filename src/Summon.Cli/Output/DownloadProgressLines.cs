namespace Summon.Cli.Output;

/// <summary>
/// Progress for a log or a pipe: one line per file once it is downloaded, never a carriage return, so a
/// CI log reads top to bottom.
/// </summary>
internal sealed class DownloadProgressLines(TextWriter writer) : DownloadProgressView
{
    private readonly HashSet<(string Module, string Version, string File)> printed = [];

    protected override void Show(DownloadProgress value)
    {
        if (IsComplete(value) && printed.Add((value.ModuleId, value.Version, value.File)))
        {
            writer.WriteLine($"fetched {value.ModuleId} {value.Version} {value.File} ({ByteSize.Format(value.FileLength)}) [{value.FilesCompleted}/{value.FilesTotal}]");
        }
    }

    protected override void Interject(string line) => writer.WriteLine(line);

    private static bool IsComplete(DownloadProgress value) => value.FileBytesReceived >= value.FileLength;
}
