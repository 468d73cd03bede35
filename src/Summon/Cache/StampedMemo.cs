namespace Summon.Cache;

/// <summary>
/// What the cache read from a file, or from a folder's listing, kept for this process while the path keeps its stamp:
/// a warm import then costs a stat where it cost an open, a read and a parse, or a directory listing. Process-wide,
/// because applications make and drop Summoners freely while the cache's files stay as they were.
/// <para>
/// A stamp whose modification time is within <see cref="RacyWindow"/> of the clock, or ahead of it, is not kept, as
/// git treats a "racily clean" index entry: file systems take times from a clock that ticks every few milliseconds, so
/// a second change in the same tick (a version installed just after the folder was listed) leaves the stamp as it was.
/// Such an entry is read again until its time is safely past.
/// </para>
/// </summary>
internal static class StampedMemo
{
    private const int Capacity = 4096;
    private static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);
    // Entries are objects, not (stamp, value) tuples: a dictionary over a value type of Summon's has no precompiled code
    // (ReadyToRun compiles the framework's generics only over shared reference types), and the first import of a
    // process compiled ten of its methods.
    private static readonly Dictionary<string, Entry> Entries = new(StringComparer.Ordinal);

    /// <summary>What was kept for <paramref name="path"/> when it had this <paramref name="stamp"/>.</summary>
    public static bool TryGet<T>(string path, FileStamp stamp, out T value)
        where T : class
    {
        lock (Entries)
        {
            if (Entries.TryGetValue(path, out var entry) && entry.Stamp.SameAs(stamp) && entry.Value is T kept)
            {
                value = kept;
                return true;
            }
        }
        value = null!;
        return false;
    }

    /// <summary>Keeps <paramref name="value"/>, read from <paramref name="path"/> after its <paramref name="stamp"/> was taken.</summary>
    public static void Keep(string path, FileStamp stamp, object value)
    {
        if (stamp.Kind == FileStampKind.Absent || DateTime.UtcNow.Ticks - stamp.ModifiedTicksUtc < RacyWindow.Ticks)
        {
            return;
        }
        lock (Entries)
        {
            // A bound for processes that walk a large cache (summon cache verify, prune): starting over costs one read each.
            if (Entries.Count >= Capacity)
            {
                Entries.Clear();
            }
            Entries[path] = new Entry(stamp, value);
        }
    }

    private sealed class Entry(FileStamp stamp, object value)
    {
        public FileStamp Stamp { get; } = stamp;

        public object Value { get; } = value;
    }
}
