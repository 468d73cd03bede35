namespace Summon.Cli.Output;

/// <summary>
/// How a command shows its downloads on standard error: a bar rewritten in place on an interactive terminal, one
/// plain line per finished file when standard error is redirected (or <c>TERM=dumb</c>), nothing with
/// <c>--quiet</c> or <c>--json</c>. Reports may come from several download threads at once.
/// </summary>
internal abstract class DownloadProgressView : IProgress<DownloadProgress>, IDisposable
{
    private readonly Lock gate = new();
    private CommandOutput? output;

    /// <summary>
    /// The view for this command's output, or null when it shows none. Until it is disposed, the command's notes
    /// go through it, so a note never lands in the middle of a progress line.
    /// </summary>
    public static DownloadProgressView? For(CommandOutput output)
    {
        var view = output.Json || output.Quiet ? null
            : output.Terminal.ErrorIsInteractive ? new DownloadProgressBar(output.Error, output.Terminal.Width)
            : (DownloadProgressView)new DownloadProgressLines(output.Error);
        if (view is not null)
        {
            view.output = output;
            output.Progress = view;
        }
        return view;
    }

    public void Report(DownloadProgress value)
    {
        lock (gate)
        {
            Show(value);
        }
    }

    /// <summary>Writes a line of its own on the view's stream, above the progress.</summary>
    public void WriteLine(string line)
    {
        lock (gate)
        {
            Interject(line);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            Finish();
        }
        if (output?.Progress == this)
        {
            output.Progress = null;
        }
    }

    protected abstract void Show(DownloadProgress value);

    protected abstract void Interject(string line);

    protected virtual void Finish()
    {
    }
}
