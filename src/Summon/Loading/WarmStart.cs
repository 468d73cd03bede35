using Summon.Cache;

namespace Summon.Loading;

/// <summary>
/// The resolve hook's first answer, before the <see cref="WarmLocator"/>: the locator's earlier answer for this
/// application and assembly, replayed with a few system calls and no managed file I/O. A process that ships its
/// assemblies never touches the base library's file APIs while it starts, and their first use costs more than the
/// whole rest of a warm load (see <see cref="LinuxCalls"/>), so this path reads and stats through libc and parses by hand.
/// <para>
/// The locator writes one record per application and assembly (<see cref="WarmStartRecord"/>), at
/// <c>v1/warm/&lt;application key&gt;/&lt;assembly name, lowercase&gt;</c>:
/// <code>
/// summon-warm 1
/// until &lt;Unix time, ms&gt;
/// load &lt;path of the assembly&gt;
/// stat &lt;kind&gt; &lt;inode&gt; &lt;mtime s&gt; &lt;mtime ns&gt; &lt;size&gt; &lt;path&gt;   (one per path the answer depended on)
/// end
/// </code>
/// The answer holds while every path the locator looked at keeps its stamp (<c>summon.json</c>, <c>summon.lock</c>,
/// the module's folder and the folder listing its versions, each file of the module, the assembly index entry), and
/// until the next freshness check is due (a day at most, so use is still recorded for pruning). The application key
/// hashes what else the answer depends on: the application's folder, the module map and repository it was built with,
/// and the SUMMON_* variables. A new install, a removal, a revocation marker or a changed file each change a stamp.
/// Anything else (no record, a changed stamp, a cache another user could write, a path that is not ASCII, not glibc
/// Linux) is a null answer, and the locator decides as before.
/// </para>
/// </summary>
/// <param name="builtInRepository">The repository the application was built with, if any.</param>
/// <param name="builtInModules">The module map the application was built with, if any.</param>
/// <param name="applicationDirectory">Where <c>summon.json</c> is read; the application's folder unless a test says otherwise.</param>
/// <param name="cacheRoot">The cache root; resolved from the environment unless a test says otherwise.</param>
internal sealed unsafe class WarmStart(string? builtInRepository, string[]? builtInModules, string? applicationDirectory = null, string? cacheRoot = null)
{
    /// <summary>Larger records (modules of hundreds of files) are not written: the locator answers for those.</summary>
    public const int RecordLimit = 16 * 1024;

    // The variables SummonOptions reads that can change which module answers, or when a freshness check is due.
    private static readonly string[] KeyVariables =
    [
        ConfigFile.RepositoryVariable, ConfigFile.TrustedRootVariable, ConfigFile.OfflineVariable, ConfigFile.LockedVariable,
        ConfigFile.MirrorsVariable, ConfigFile.SharedCacheVariable,
    ];

    private string? root = cacheRoot;
    private string? recordsDirectory;
    private int rootIsPrivate; // 0 not checked, 1 yes, 2 no

    /// <summary>The cache root this process's records live under, as the warm locator resolves it from the environment.</summary>
    public string Root => root ??= CacheLocation.Resolve();

    /// <summary><c>&lt;root&gt;/v1/warm/&lt;application key&gt;/</c>, with the trailing separator.</summary>
    public string RecordsDirectory => recordsDirectory ??= $"{Root}/v1/warm/{ApplicationKey()}/";

    /// <summary>The file that provides <paramref name="assemblyName"/> if a record says so and still holds; otherwise null.</summary>
    public string? Locate(string assemblyName)
    {
        if (!LinuxCalls.Available)
        {
            return null;
        }
        var directory = RecordsDirectory;
        var length = directory.Length + assemblyName.Length;
        var path = stackalloc byte[length + 1];
        if (!TryAscii(directory, path, lowercase: false) || !TryAscii(assemblyName, path + directory.Length, lowercase: true))
        {
            return null;
        }
        path[length] = 0;
        var record = stackalloc byte[RecordLimit];
        var size = LinuxCalls.ReadSmallFile(path, new Span<byte>(record, RecordLimit));
        return size > 0 && RootIsPrivate() ? Replay(record, size) : null;
    }

    /// <summary>
    /// What preloading loads: the file each of this application's records still answers with, except where the
    /// application now ships an assembly of that name itself (<paramref name="shippedAssemblies"/>, the runtime's list of
    /// trusted platform assemblies), which the cache must never override. Empty where the warm start cannot read records.
    /// </summary>
    public string[] RecordedAnswers(string? shippedAssemblies)
    {
        if (!LinuxCalls.Available || !RootIsPrivate())
        {
            return [];
        }
        var directory = RecordsDirectory;
        var path = stackalloc byte[directory.Length + 1];
        path[directory.Length] = 0;
        if (!TryAscii(directory, path, lowercase: false))
        {
            return [];
        }
        var names = LinuxCalls.ListDirectory(path);
        var shipped = Shipped(shippedAssemblies, names);
        var answers = new string[names.Length];
        var count = 0;
        for (var i = 0; i < names.Length; i++)
        {
            // Names starting with a dot are records still being written (AtomicFile's temporary files).
            if (!shipped[i] && names[i][0] != '.' && Locate(names[i]) is { } answer)
            {
                answers[count++] = answer;
            }
        }
        Array.Resize(ref answers, count);
        return answers;
    }

    /// <summary>
    /// Which of <paramref name="names"/> (lowercase simple names) name an assembly in <paramref name="paths"/>: paths
    /// separated by the platform's path separator, each ending in the assembly's file name, <c>&lt;name&gt;.dll</c>. One pass over the list, which
    /// holds a few hundred paths, by hand: the base library's splitting and case-insensitive comparison cost more to set
    /// up on first use than the whole preload.
    /// </summary>
    internal static bool[] Shipped(string? paths, string[] names)
    {
        var shipped = new bool[names.Length];
        if (string.IsNullOrEmpty(paths))
        {
            return shipped;
        }
        var entryStart = 0;
        for (var at = 0; at <= paths.Length; at++)
        {
            if (at < paths.Length && paths[at] != Path.PathSeparator)
            {
                continue;
            }
            var nameStart = entryStart;
            for (var i = at - 1; i >= entryStart; i--)
            {
                if (paths[i] is '/' or '\\')
                {
                    nameStart = i + 1;
                    break;
                }
            }
            const string Extension = ".dll";
            var nameLength = at - nameStart - Extension.Length;
            if (nameLength > 0 && AsciiText.EqualsIgnoringCase(paths, at - Extension.Length, Extension.Length, Extension))
            {
                for (var n = 0; n < names.Length; n++)
                {
                    shipped[n] |= AsciiText.EqualsIgnoringCase(paths, nameStart, nameLength, names[n]);
                }
            }
            entryStart = at + 1;
        }
        return shipped;
    }

    /// <summary>The record's load path if its time has not run out and every stamp still matches.</summary>
    private static string? Replay(byte* record, int size)
    {
        var at = 0;
        if (!Skip(record, size, ref at, "summon-warm 1\nuntil "u8)
            || Number(record, size, ref at, (byte)'\n') is not (> 0 and var until) || LinuxCalls.UnixTimeMilliseconds() >= until
            || !Skip(record, size, ref at, "load "u8))
        {
            return null;
        }
        var (loadStart, loadEnd) = (at, LineEnd(record, size, at));
        if (loadEnd <= loadStart)
        {
            return null;
        }
        at = loadEnd + 1;
        // Stat lines up to the closing "end", which a record cut short by a crash lacks.
        while (!Skip(record, size, ref at, "end\n"u8))
        {
            if (!Skip(record, size, ref at, "stat "u8)
                || Number(record, size, ref at, (byte)' ') is not (>= 0 and var kind)
                || Number(record, size, ref at, (byte)' ') is not (>= 0 and var inode)
                || Number(record, size, ref at, (byte)' ') is not (>= 0 and var seconds)
                || Number(record, size, ref at, (byte)' ') is not (>= 0 and var nanoseconds)
                || Number(record, size, ref at, (byte)' ') is not (>= 0 and var length))
            {
                return null;
            }
            var end = LineEnd(record, size, at);
            if (end <= at)
            {
                return null;
            }
            record[end] = 0;
            var stamp = LinuxCalls.Stat(record + at, followLinks: false);
            if ((long)stamp.Kind != kind || (long)stamp.Inode != inode || stamp.ModifiedSeconds != seconds || stamp.ModifiedNanoseconds != nanoseconds || stamp.Size != length)
            {
                return null;
            }
            at = end + 1;
        }
        if (at != size)
        {
            return null;
        }
        return AsciiText.TryDecode(new ReadOnlySpan<byte>(record + loadStart, loadEnd - loadStart));
    }

    /// <summary>What <see cref="CachePermissions.RequirePrivate"/> accepts, asked once: a folder the current user owns that nobody else can write.</summary>
    private bool RootIsPrivate()
    {
        if (rootIsPrivate == 0)
        {
            var directory = Root;
            var path = stackalloc byte[directory.Length + 1];
            path[directory.Length] = 0;
            var stamp = TryAscii(directory, path, lowercase: false) ? LinuxCalls.Stat(path, followLinks: true) : default(FileStamp);
            rootIsPrivate = stamp.Kind == FileStampKind.Directory && stamp.Owner == LinuxCalls.EffectiveUserId() && (stamp.Mode & CachePermissions.GroupOrOthersWrite) == 0 ? 1 : 2;
        }
        return rootIsPrivate == 1;
    }

    /// <summary>
    /// 64-bit FNV-1a of what the answer depends on besides the stamped files. Not a defence (only the cache's owner can
    /// write records): it keeps two applications, or two configurations of one, from sharing answers.
    /// </summary>
    private string ApplicationKey()
    {
        var hash = Hash(14695981039346656037UL, applicationDirectory ?? AppContext.BaseDirectory);
        hash = Hash(hash, builtInRepository);
        foreach (var item in builtInModules ?? [])
        {
            hash = Hash(hash, item);
        }
        foreach (var variable in KeyVariables)
        {
            hash = Hash(hash, Environment.GetEnvironmentVariable(variable));
        }
        var hex = new char[16];
        for (var i = 15; i >= 0; i--, hash >>= 4)
        {
            hex[i] = (char)((hash & 0xF) < 10 ? '0' + (int)(hash & 0xF) : 'a' + (int)(hash & 0xF) - 10);
        }
        return new string(hex);
    }

    private static ulong Hash(ulong hash, string? text)
    {
        // A separator after each item (and a different one for null), so ("ab", "c") and ("a", "bc") differ.
        foreach (var character in text ?? "\u0001")
        {
            hash = (hash ^ character) * 1099511628211UL;
        }
        return (hash ^ 0xFFFF) * 1099511628211UL;
    }

    /// <summary>Copies ASCII text as bytes (lowercased if asked); false at the first character that is not ASCII.</summary>
    internal static bool TryAscii(string text, byte* destination, bool lowercase)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var character = text[i];
            if (character >= 0x80 || character == 0)
            {
                return false;
            }
            destination[i] = (byte)(lowercase && character is >= 'A' and <= 'Z' ? character + 32 : character);
        }
        return true;
    }

    private static bool Skip(byte* record, int size, ref int at, ReadOnlySpan<byte> expected)
    {
        if (size - at < expected.Length)
        {
            return false;
        }
        for (var i = 0; i < expected.Length; i++)
        {
            if (record[at + i] != expected[i])
            {
                return false;
            }
        }
        at += expected.Length;
        return true;
    }

    /// <summary>A decimal number ending at <paramref name="terminator"/> (consumed); -1 if there is none.</summary>
    private static long Number(byte* record, int size, ref int at, byte terminator)
    {
        long value = 0;
        var start = at;
        for (; at < size && record[at] != terminator; at++)
        {
            if (record[at] is < (byte)'0' or > (byte)'9' || at - start >= 18)
            {
                return -1;
            }
            value = (value * 10) + (record[at] - '0');
        }
        if (at == start || at == size)
        {
            return -1;
        }
        at++;
        return value;
    }

    private static int LineEnd(byte* record, int size, int at)
    {
        for (; at < size; at++)
        {
            if (record[at] == '\n')
            {
                return at;
            }
        }
        return -1;
    }
}
