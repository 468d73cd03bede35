namespace Summon.Tests.Diagnostics;

/// <summary>
/// Keeps every report in the order it was made. (<see cref="Progress{T}"/> would hand reports to the thread pool,
/// which may run them out of order.)
/// </summary>
public sealed class RecordedProgress : IProgress<DownloadProgress>
{
    private readonly List<DownloadProgress> reports = [];

    public IReadOnlyList<DownloadProgress> Reports
    {
        get
        {
            lock (reports)
            {
                return [.. reports];
            }
        }
    }

    public void Report(DownloadProgress value)
    {
        lock (reports)
        {
            reports.Add(value);
        }
    }
}
