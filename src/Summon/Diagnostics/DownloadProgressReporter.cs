using System.Diagnostics;

namespace Summon.Diagnostics;

/// <summary>
/// Adds up the downloads of one operation and reports them to the caller's <see cref="IProgress{T}"/>: throttled,
/// so a fast connection does not flood a UI, but always once when a file completes. Reports are made one at a
/// time and in order, so their counts never go back, even while several files download at once.
/// </summary>
internal sealed class DownloadProgressReporter(IProgress<DownloadProgress> progress)
{
    private static readonly long Interval = Stopwatch.Frequency / 10;
    private readonly IProgress<DownloadProgress> progress = progress;
    private readonly object gate = new();
    private int filesTotal;
    private int filesCompleted;
    private long bytesTotal;
    private long bytesReceived;
    private long lastReport;
    private DownloadProgress? lastReported;

    /// <summary>A reporter to <paramref name="progress"/>, or none when nobody listens.</summary>
    public static DownloadProgressReporter? For(IProgress<DownloadProgress>? progress) => progress is null ? null : new(progress);

    /// <summary>Announces files the operation is about to download.</summary>
    public void Plan(int files, long bytes)
    {
        lock (gate)
        {
            filesTotal += files;
            bytesTotal += bytes;
        }
    }

    /// <summary>The files completed and the bytes received so far.</summary>
    public (int Files, long Bytes) Received
    {
        get
        {
            lock (gate)
            {
                return (filesCompleted, bytesReceived);
            }
        }
    }

    /// <summary>
    /// Takes back planned files that turned out not to be needed (another process installed them meanwhile). A caller
    /// already shown progress is shown the smaller totals at once: when the rest was downloaded before, no later report
    /// would come to say the operation reached them.
    /// </summary>
    public void Unplan(int files, long bytes)
    {
        lock (gate)
        {
            filesTotal -= files;
            bytesTotal -= bytes;
            if (lastReported is { } shown)
            {
                Report(shown with { FilesCompleted = filesCompleted, FilesTotal = filesTotal, BytesReceived = bytesReceived, BytesTotal = bytesTotal });
            }
        }
    }

    private void Report(DownloadProgress value)
    {
        lastReported = value;
        progress.Report(value);
    }

    public FileDownload StartFile(string moduleId, string version, string file, long length) => new(this, moduleId, version, file, length);

    /// <summary>One file's share of the operation; <see cref="Written"/> as bytes arrive, <see cref="Complete"/> once verified.</summary>
    internal sealed class FileDownload(DownloadProgressReporter owner, string moduleId, string version, string file, long length)
    {
        private long received;

        public void Written(int count)
        {
            lock (owner.gate)
            {
                received += count;
                owner.bytesReceived += count;
                var now = Stopwatch.GetTimestamp();
                // The first chunk of the operation is reported at once; the last chunk is left to Complete, which reports it once the file is verified.
                if (received < length && (owner.lastReported is null || now - owner.lastReport >= Interval))
                {
                    owner.lastReport = now;
                    owner.Report(Snapshot());
                }
            }
        }

        public void Complete()
        {
            lock (owner.gate)
            {
                owner.filesCompleted++;
                owner.lastReport = Stopwatch.GetTimestamp();
                owner.Report(Snapshot());
            }
        }

        private DownloadProgress Snapshot() =>
            new(moduleId, version, file, received, length, owner.filesCompleted, owner.filesTotal, owner.bytesReceived, owner.bytesTotal);
    }
}
