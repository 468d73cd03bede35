using System.Globalization;
using System.Text;
using Summon.Cache;

namespace Summon.Loading;

/// <summary>
/// Writes the records <see cref="WarmStart"/> replays (the format is described there): after the
/// <see cref="WarmLocator"/> found a cached module, what it answered and the stamp of every path it looked at.
/// Best effort: a cache that cannot take the record still loads, through the locator.
/// </summary>
internal static class WarmStartRecord
{
    /// <summary>
    /// Records that <paramref name="assemblyName"/> is <paramref name="loadPath"/> in <paramref name="module"/>, while
    /// the module's files and <paramref name="dependsOn"/> keep their stamps and until <paramref name="until"/>.
    /// Nothing is written when a file no longer matches its install record (it changed since the locator checked it), a
    /// path is not ASCII, or the record would be too large for the reader.
    /// </summary>
    public static void TryWrite(WarmStart start, string assemblyName, string loadPath, InstalledModule module, IEnumerable<string> dependsOn, DateTime until)
    {
        if (!LinuxCalls.Available || !IsAscii(assemblyName) || !IsAscii(loadPath) || until <= DateTime.UtcNow)
        {
            return;
        }
        var text = new StringBuilder("summon-warm 1\n");
        text.Append(CultureInfo.InvariantCulture, $"until {(long)(until - DateTime.UnixEpoch).TotalMilliseconds}\n");
        text.Append(CultureInfo.InvariantCulture, $"load {loadPath}\n");
        foreach (var path in dependsOn)
        {
            if (!TryAppendStamp(text, path, LinuxCalls.Stat(path, followLinks: false)))
            {
                return;
            }
        }
        foreach (var file in module.Record.Files)
        {
            var path = module.PathOf(file.RelativePath);
            var stamp = LinuxCalls.Stat(path, followLinks: false);
            if (!file.IsUnchanged(stamp) || !TryAppendStamp(text, path, stamp))
            {
                return;
            }
        }
        text.Append("end\n");
        if (text.Length >= WarmStart.RecordLimit)
        {
            return;
        }
        var directory = start.RecordsDirectory;
        try
        {
            CacheLocation.CreatePrivateDirectory(directory);
            // Not flushed to disk: a record is a cache of the locator's answer, and one cut short by a crash lacks its
            // "end" line, which the reader requires.
            AtomicFile.Write(directory + AsciiText.ToLowerInvariant(assemblyName), Encoding.ASCII.GetBytes(text.ToString()), durable: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static bool TryAppendStamp(StringBuilder text, string path, FileStamp stamp)
    {
        const long Largest = 999_999_999_999_999_999; // what the reader parses
        if (!IsAscii(path) || path.Contains('\n') || stamp.Inode > Largest || stamp.ModifiedSeconds < 0 || stamp.ModifiedSeconds > Largest || stamp.Size > Largest)
        {
            return false;
        }
        text.Append(CultureInfo.InvariantCulture, $"stat {(int)stamp.Kind} {stamp.Inode} {stamp.ModifiedSeconds} {stamp.ModifiedNanoseconds} {stamp.Size} {path}\n");
        return true;
    }

    private static bool IsAscii(string text) => System.Text.Ascii.IsValid(text) && !text.Contains('\0');
}
