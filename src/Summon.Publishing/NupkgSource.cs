using System.IO.Compression;
using System.Xml.Linq;
using NuGet.Versioning;
using Summon.Modules;

namespace Summon.Publishing;

/// <summary>
/// A <c>.nupkg</c> opened for publishing: its assets (<c>lib/</c>, <c>runtimes/</c>, <c>contentFiles/</c>) extracted to
/// a temporary folder, and its declared package dependencies read as module dependencies (package ids lowercased).
/// </summary>
internal sealed class NupkgSource : IDisposable
{
    private static readonly string[] AssetRoots = ["lib/", "runtimes/", "contentFiles/", "content/"];

    private NupkgSource(string directory, IReadOnlyDictionary<string, string> dependencies)
    {
        Directory = directory;
        Dependencies = dependencies;
    }

    public string Directory { get; }

    public IReadOnlyDictionary<string, string> Dependencies { get; }

    public static NupkgSource Extract(string path)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("summon-nupkg-").FullName;
        try
        {
            using var archive = ZipFile.OpenRead(path);
            var dependencies = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in archive.Entries)
            {
                var name = Uri.UnescapeDataString(entry.FullName);
                if (name.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase) && !name.Contains('/'))
                {
                    using var stream = entry.Open();
                    ReadDependencies(XDocument.Load(stream), dependencies, path);
                }
                else if (AssetRoots.Any(root => name.StartsWith(root, StringComparison.OrdinalIgnoreCase)) && !name.EndsWith('/'))
                {
                    if (!ModulePath.IsSafeRelative(name))
                    {
                        throw new PublishingException($"{path} holds an entry named '{name}' that could not be stored safely; the package is malformed.");
                    }
                    var target = Path.Combine(directory, name.Replace('/', Path.DirectorySeparatorChar));
                    System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    entry.ExtractToFile(target);
                }
            }
            return new NupkgSource(directory, dependencies);
        }
        catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException)
        {
            System.IO.Directory.Delete(directory, recursive: true);
            throw new PublishingException($"{path} is not a readable .nupkg ({e.Message}).", e);
        }
        catch
        {
            System.IO.Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    private static void ReadDependencies(XDocument nuspec, Dictionary<string, string> dependencies, string path)
    {
        // Dependencies may be grouped per target framework; a module's dependencies are the union.
        foreach (var dependency in nuspec.Descendants().Where(e => e.Name.LocalName == "dependency"))
        {
            var id = dependency.Attribute("id")?.Value.ToLowerInvariant();
            var range = dependency.Attribute("version")?.Value ?? "0.0.0";
            if (id is null || !ModuleId.IsValid(id) || !VersionRange.TryParse(range, out _))
            {
                throw new PublishingException($"{path} declares a dependency Summon cannot read ({dependency}).");
            }
            dependencies.TryAdd(id, range);
        }
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
