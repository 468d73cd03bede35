using System.Runtime.InteropServices;

namespace Summon.Cache;

/// <summary>
/// A few libc calls (glibc, 64-bit Linux), for the warm start, which runs inside a starting
/// process. There, the base library's file APIs cost 1.5–5 ms on first use: not the system calls but the one-time setup
/// of the code around them (UTF-8 transcoding of the path, vectorized searches, marshalling stubs), which a process
/// that ships its assemblies never pays. These take NUL-terminated byte paths and blittable buffers, so nothing is
/// marshalled and nothing is set up: a call costs what the system call costs. Elsewhere <see cref="Available"/> is false
/// and callers take the base library's way.
/// </summary>
internal static unsafe class LinuxCalls
{
    // glibc's name for libc; musl has no file by that name, so Available is false there.
    private const string Libc = "libc.so.6";
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7FF;
    private const int OpenReadOnlyCloseOnExec = 0x80000;
    private const int ClockRealtime = 0;

    // struct statx is 256 bytes with the same layout on every architecture (unlike struct stat).
    private const int StatxSize = 256;

    /// <summary>Whether the calls work here: 64-bit Linux with a libc that has <c>statx</c> (glibc 2.28 and later).</summary>
    public static bool Available => Probe.Works;

    // A type initializer runs once and the runtime publishes its result to every thread, so the flag needs neither a
    // lock nor Volatile (whose assembly, System.Threading, a starting process would load for this alone).
    private static class Probe
    {
        public static readonly bool Works = Try();

        private static bool Try()
        {
            if (!OperatingSystem.IsLinux() || IntPtr.Size != 8)
            {
                return false;
            }
            try
            {
                // "/" always exists: a libc without statx, or no glibc at all, fails here rather than on a later call.
                // Through Stat, not StatX itself: the JIT compiles a P/Invoke inside a try block as a separate stub.
                var root = stackalloc byte[] { (byte)'/', 0 };
                return Stat(root, followLinks: true).Kind == FileStampKind.Directory;
            }
            catch (TypeLoadException)
            {
                // DllNotFoundException or EntryPointNotFoundException, caught by their base type: naming them would
                // load one more assembly (System.Runtime.InteropServices) while the process starts.
                return false;
            }
        }
    }

    // Blittable signatures: nothing is marshalled, and DllImport is metadata rather than a type the runtime must load
    // (NativeLibrary would load System.Runtime.InteropServices).
    [DllImport(Libc, EntryPoint = "statx", ExactSpelling = true)]
    private static extern int StatX(int directory, byte* path, int flags, uint mask, byte* buffer);

    [DllImport(Libc, EntryPoint = "open", ExactSpelling = true)]
    private static extern int Open(byte* path, int flags);

    [DllImport(Libc, EntryPoint = "read", ExactSpelling = true)]
    private static extern nint Read(int descriptor, byte* buffer, nint count);

    [DllImport(Libc, EntryPoint = "close", ExactSpelling = true)]
    private static extern int Close(int descriptor);

    [DllImport(Libc, EntryPoint = "geteuid", ExactSpelling = true)]
    private static extern uint GetEffectiveUserId();

    [DllImport(Libc, EntryPoint = "clock_gettime", ExactSpelling = true)]
    private static extern int ClockGetTime(int clock, long* timespec);

    [DllImport(Libc, EntryPoint = "opendir", ExactSpelling = true)]
    private static extern nint OpenDirectory(byte* path);

    [DllImport(Libc, EntryPoint = "readdir64", ExactSpelling = true)]
    private static extern byte* ReadDirectory(nint directory);

    [DllImport(Libc, EntryPoint = "closedir", ExactSpelling = true)]
    private static extern int CloseDirectory(nint directory);

    /// <summary>The stamp of a path (kind <see cref="FileStampKind.Absent"/> if it cannot be stat'ed). Requires <see cref="Available"/>.</summary>
    /// <param name="path">A NUL-terminated path.</param>
    /// <param name="followLinks">False to stamp a symbolic link itself (<see cref="FileStampKind.Other"/>), not its target.</param>
    public static FileStamp Stat(byte* path, bool followLinks)
    {
        var buffer = stackalloc byte[StatxSize];
        if (StatX(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxBasicStats, buffer) != 0)
        {
            return default;
        }
        var mode = *(ushort*)(buffer + 28);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => FileStampKind.File,
            0x4000 => FileStampKind.Directory,
            _ => FileStampKind.Other,
        };
        return new FileStamp(kind, *(ulong*)(buffer + 32), *(long*)(buffer + 112), *(uint*)(buffer + 120), *(long*)(buffer + 40), *(uint*)(buffer + 20), (UnixFileMode)(mode & 0xFFF));
    }

    /// <summary>The stamp of a path given as a string (UTF-8 encoded here: for callers off the start path). Requires <see cref="Available"/>.</summary>
    public static FileStamp Stat(string path, bool followLinks)
    {
        // On the stack for the usual path: a warm import stats a few paths, and an array per stat is garbage per import.
        var size = System.Text.Encoding.UTF8.GetMaxByteCount(path.Length) + 1;
        var bytes = size <= 1024 ? stackalloc byte[size] : new byte[size];
        bytes[System.Text.Encoding.UTF8.GetBytes(path, bytes)] = 0;
        fixed (byte* pointer = bytes)
        {
            return Stat(pointer, followLinks);
        }
    }

    /// <summary>Reads a whole small file into <paramref name="buffer"/>: its length, or -1 if it cannot be read or does not fit.</summary>
    /// <param name="path">A NUL-terminated path.</param>
    /// <param name="buffer">Where the content goes; a file as large as this counts as too large.</param>
    public static int ReadSmallFile(byte* path, Span<byte> buffer)
    {
        var descriptor = Open(path, OpenReadOnlyCloseOnExec);
        if (descriptor < 0)
        {
            return -1;
        }
        var total = 0;
        fixed (byte* start = buffer)
        {
            while (true)
            {
                var count = Read(descriptor, start + total, buffer.Length - total);
                if (count <= 0)
                {
                    Close(descriptor);
                    return count == 0 && total < buffer.Length ? total : -1;
                }
                total += (int)count;
                if (total == buffer.Length)
                {
                    Close(descriptor);
                    return -1;
                }
            }
        }
    }

    /// <summary>
    /// The names in a directory, without <c>.</c> and <c>..</c>, in the order the file system returns them; names that
    /// are not ASCII are left out. Empty if the directory cannot be read. Requires <see cref="Available"/>.
    /// </summary>
    /// <param name="path">A NUL-terminated path.</param>
    public static string[] ListDirectory(byte* path)
    {
        // struct dirent64 on every 64-bit glibc: d_ino (8 bytes), d_off (8), d_reclen (2), d_type (1), then d_name.
        const int NameOffset = 19;
        var directory = OpenDirectory(path);
        if (directory == 0)
        {
            return [];
        }
        var names = new string[8];
        var count = 0;
        try
        {
            for (var entry = ReadDirectory(directory); entry is not null; entry = ReadDirectory(directory))
            {
                var name = entry + NameOffset;
                if (AsciiName(name) is not { } text || text is "." or "..")
                {
                    continue;
                }
                if (count == names.Length)
                {
                    Array.Resize(ref names, count * 2);
                }
                names[count++] = text;
            }
        }
        finally
        {
            CloseDirectory(directory);
        }
        Array.Resize(ref names, count);
        return names;
    }

    private static string? AsciiName(byte* name)
    {
        var length = 0;
        while (name[length] != 0)
        {
            length++;
        }
        return AsciiText.TryDecode(new ReadOnlySpan<byte>(name, length));
    }

    public static uint EffectiveUserId() => GetEffectiveUserId();

    /// <summary>The wall clock, in milliseconds since the Unix epoch; <see cref="long.MaxValue"/> (never early) if it cannot be read.</summary>
    public static long UnixTimeMilliseconds()
    {
        var timespec = stackalloc long[2];
        return ClockGetTime(ClockRealtime, timespec) == 0 ? (timespec[0] * 1000) + (timespec[1] / 1_000_000) : long.MaxValue;
    }
}
