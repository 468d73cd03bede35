namespace Summon.Cli.Output;

/// <summary>
/// How a command shows its downloads on standard error: a bar rewritten in place on an interactive terminal, one
/// plain line per finished file when standard error is redirected (or <c>TERM=dumb</c>), nothing with
/// <c>--quiet</c> or <c>--json</c>. Reports may come from several download threads at once.
/// </summary>
internal abstract class DownloadProgressView : IProgress<DownloadProgress>, IDisposable
{
    private readonly Lock gate = new();

    /// <summary>The view for this command's output, or null when it shows none.</summary>
    public static DownloadProgressView? For(CommandOutput output) =>
        output.Json || output.Quiet ? null
        : output.Terminal.ErrorIsInteractive ? new DownloadProgressBar(output.Error, output.Terminal.Width)
        : new DownloadProgressLines(output.Error);

    public void Report(DownloadProgress value)
    {
        lock (gate)
        {
            Show(value);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            Finish();
        }
    }

    protected abstract void Show(DownloadProgress value);

    protected virtual void Finish()
    {
    }

    protected static bool IsComplete(DownloadProgress value) => value.FileBytesReceived >= value.FileLength;
}
