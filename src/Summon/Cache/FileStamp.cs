namespace Summon.Cache;

/// <summary>
/// What one <c>stat</c> tells about a path: enough to see that it is still the file or folder it was. Fields, not
/// properties: each getter is one more method to compile while a process starts.
/// </summary>
internal readonly struct FileStamp(FileStampKind kind, ulong inode, long modifiedSeconds, uint modifiedNanoseconds, long size, uint owner, UnixFileMode mode)
{
    public readonly FileStampKind Kind = kind;
    public readonly ulong Inode = inode;
    public readonly long ModifiedSeconds = modifiedSeconds;
    public readonly uint ModifiedNanoseconds = modifiedNanoseconds;
    public readonly long Size = size;
    public readonly uint Owner = owner;
    public readonly UnixFileMode Mode = mode;

    /// <summary>
    /// The stamp of a path on any system: one <c>statx</c> through <see cref="LinuxCalls"/> where it works, else the
    /// base library's view (no inode, owner or mode: they stay 0; <paramref name="followLinks"/> only decides whether
    /// a link counts as <see cref="FileStampKind.Other"/>).
    /// </summary>
    /// <param name="path">The path.</param>
    /// <param name="followLinks">False to stamp a link itself (<see cref="FileStampKind.Other"/>), not what it points to.</param>
    public static FileStamp Of(string path, bool followLinks)
    {
        if (LinuxCalls.Available)
        {
            return LinuxCalls.Stat(path, followLinks);
        }
        FileSystemInfo info = new FileInfo(path);
        if (!info.Exists)
        {
            info = new DirectoryInfo(path);
            if (!info.Exists)
            {
                return default;
            }
        }
        var kind = !followLinks && info.Attributes.HasFlag(FileAttributes.ReparsePoint) ? FileStampKind.Other
            : info is DirectoryInfo ? FileStampKind.Directory
            : FileStampKind.File;
        var sinceEpoch = info.LastWriteTimeUtc.Ticks - DateTime.UnixEpoch.Ticks;
        return new FileStamp(kind, 0, Math.DivRem(sinceEpoch, TimeSpan.TicksPerSecond, out var ticks), (uint)(ticks * 100),
            info is FileInfo file ? file.Length : 0, 0, 0);
    }

    /// <summary>The modification time in ticks since 0001-01-01 UTC, as <see cref="FileSystemInfo.LastWriteTimeUtc"/> reports it.</summary>
    public long ModifiedTicksUtc => DateTime.UnixEpoch.Ticks + (ModifiedSeconds * TimeSpan.TicksPerSecond) + (ModifiedNanoseconds / 100);

    /// <summary>Whether the path is, as far as a stat can tell, the same file or folder, unchanged since <paramref name="other"/>.</summary>
    public bool SameAs(FileStamp other) =>
        Kind != FileStampKind.Absent && Kind == other.Kind && Inode == other.Inode && ModifiedSeconds == other.ModifiedSeconds
        && ModifiedNanoseconds == other.ModifiedNanoseconds && Size == other.Size;
}

internal enum FileStampKind
{
    Absent,
    File,
    Directory,
    Other,
}
