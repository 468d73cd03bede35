using System.Globalization;
using System.Text;

namespace Summon.Cache;

/// <summary>One installed file as the cache recorded it when it was verified.</summary>
internal sealed record RecordedFile(string RelativePath, long Length, long LastWriteTicksUtc, string Sha256)
{
    /// <summary>
    /// What <see cref="InstalledModule.IsIntact"/> checks, from a stamp already taken: still a regular file (not a
    /// link) of the recorded size and modification time.
    /// </summary>
    public bool IsUnchanged(FileStamp stamp) =>
        stamp.Kind == FileStampKind.File && stamp.Size == Length && stamp.ModifiedTicksUtc == LastWriteTicksUtc;
}

/// <summary>
/// What the cache knows about one installed module version; lazy files are listed apart, present or not. Written last, inside the staging folder, so
/// its presence in a module folder means the install completed. A plain line format rather than JSON so
/// that the warm path reads it without loading a JSON parser.
/// </summary>
internal sealed record InstallRecord(
    string ModuleId,
    string Version,
    string Repository,
    IReadOnlyDictionary<string, string> Assemblies,
    IReadOnlyList<RecordedFile> Files,
    IReadOnlyList<RecordedFile> LazyFiles,
    IReadOnlyDictionary<string, string> Dependencies)
{
    public const string FileName = ".summon-install";
    private const string Header = "summon-install 1";

    /// <summary>Whether any installed file may be a native library: only then does a load need the <c>DllImport</c> fallback.</summary>
    public bool MayHoldNativeLibraries()
    {
        foreach (var file in Files)
        {
            var path = file.RelativePath;
            if (path.EndsWith(".so", StringComparison.Ordinal) || path.Contains(".so.", StringComparison.Ordinal) || path.EndsWith(".dylib", StringComparison.Ordinal)
                || (path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !IsAssembly(path)))
            {
                return true;
            }
        }
        return false;
    }

    private bool IsAssembly(string relativePath)
    {
        foreach (var (_, path) in Assemblies)
        {
            if (string.Equals(path, relativePath, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    public string Serialize()
    {
        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        text.Append("module ").Append(ModuleId).Append(' ').Append(Version).Append('\n');
        text.Append("repository ").Append(Repository).Append('\n');
        foreach (var (name, path) in Assemblies)
        {
            text.Append("assembly ").Append(name).Append(' ').Append(path).Append('\n');
        }
        foreach (var (id, range) in Dependencies)
        {
            text.Append("depends ").Append(id).Append(' ').Append(range).Append('\n');
        }
        foreach (var file in Files)
        {
            text.Append(CultureInfo.InvariantCulture, $"file {file.Length} {file.LastWriteTicksUtc} {file.Sha256} {file.RelativePath}\n");
        }
        foreach (var file in LazyFiles)
        {
            text.Append(CultureInfo.InvariantCulture, $"lazy {file.Length} 0 {file.Sha256} {file.RelativePath}\n");
        }
        return text.ToString();
    }

    /// <summary>Reads a record; null when it is missing, truncated or from a format this version does not read.</summary>
    public static InstallRecord? TryParse(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length < 3 || lines[0] != Header)
        {
            return null;
        }
        string? id = null, version = null, repository = null;
        var assemblies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var files = new List<RecordedFile>();
        var lazyFiles = new List<RecordedFile>();
        var dependencies = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            var parts = line.Split(' ', 2);
            if (parts.Length != 2)
            {
                return null;
            }
            switch (parts[0])
            {
                case "module":
                    var idAndVersion = parts[1].Split(' ');
                    if (idAndVersion.Length != 2)
                    {
                        return null;
                    }
                    (id, version) = (idAndVersion[0], idAndVersion[1]);
                    break;
                case "repository":
                    repository = parts[1];
                    break;
                case "assembly":
                    var nameAndPath = parts[1].Split(' ', 2);
                    if (nameAndPath.Length != 2)
                    {
                        return null;
                    }
                    assemblies[nameAndPath[0]] = nameAndPath[1];
                    break;
                case "depends":
                    var idAndRange = parts[1].Split(' ', 2);
                    if (idAndRange.Length != 2)
                    {
                        return null;
                    }
                    dependencies[idAndRange[0]] = idAndRange[1];
                    break;
                case "file" or "lazy":
                    var fields = parts[1].Split(' ', 4);
                    if (fields.Length != 4
                        || !AsciiText.TryParseDigits(fields[0], out var length)
                        || !AsciiText.TryParseDigits(fields[1], out var ticks))
                    {
                        return null;
                    }
                    (parts[0] == "file" ? files : lazyFiles).Add(new RecordedFile(fields[3], length, ticks, fields[2]));
                    break;
                default:
                    return null;
            }
        }
        return id is null || version is null || repository is null
            ? null
            : new InstallRecord(id, version, repository, assemblies, files, lazyFiles, dependencies);
    }
}
