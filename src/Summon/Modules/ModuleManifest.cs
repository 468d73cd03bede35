using System.Text.Json;
using System.Text.Json.Nodes;
using NuGet.Versioning;

namespace Summon.Modules;

/// <summary>
/// One file of a module: its path in the module (and so in the repository), what it must be, and which
/// machines want it: managed files for one target framework (<c>lib/&lt;tfm&gt;/</c>), native files for one
/// runtime identifier (<c>runtimes/&lt;rid&gt;/native/</c>), or everyone. Lazy files are fetched when first asked for.
/// </summary>
internal sealed record ModuleFile(string Path, long Length, string Sha256, string? Framework = null, string? Runtime = null, bool Lazy = false);

/// <summary>A managed assembly a module provides, by simple name, and the module file that holds it.</summary>
internal sealed record ModuleAssembly(string Name, string Path);

/// <summary>
/// What one version of a module is: the assemblies it provides, its files, and the modules it depends on.
/// It is a signed target (<see cref="RepositoryLayout.Manifest"/>), so everything in it is trusted once
/// the trust layer has verified it.
/// </summary>
internal sealed record ModuleManifest(
    string Id,
    NuGetVersion Version,
    IReadOnlyList<ModuleAssembly> Assemblies,
    IReadOnlyList<ModuleFile> Files,
    IReadOnlyDictionary<string, VersionRange> Dependencies)
{
    public const int SchemaVersion = 1;

    public byte[] ToJson()
    {
        var json = new JsonObject
        {
            ["schema"] = SchemaVersion,
            ["id"] = Id,
            ["version"] = Version.ToNormalizedString(),
            ["assemblies"] = new JsonArray(Assemblies.Select(a => (JsonNode)new JsonObject { ["name"] = a.Name, ["path"] = a.Path }).ToArray()),
            ["files"] = new JsonArray(Files.Select(FileToJson).ToArray()),
            ["dependencies"] = new JsonObject(Dependencies.Select(d =>
                KeyValuePair.Create(d.Key, (JsonNode?)JsonValue.Create(d.Value.ToNormalizedString())))),
        };
        return JsonDocuments.ToUtf8(json);
    }

    private static JsonNode FileToJson(ModuleFile file)
    {
        var json = new JsonObject { ["path"] = file.Path, ["length"] = file.Length, ["sha256"] = file.Sha256 };
        if (file.Framework is { } framework)
        {
            json["framework"] = framework;
        }
        if (file.Runtime is { } runtime)
        {
            json["runtime"] = runtime;
        }
        if (file.Lazy)
        {
            json["lazy"] = true;
        }
        return json;
    }

    /// <summary>Reads a manifest, refusing anything malformed or unsafe (a file path that would leave the module folder).</summary>
    public static ModuleManifest Parse(ReadOnlySpan<byte> utf8, string source)
    {
        try
        {
            var root = JsonNode.Parse(utf8) as JsonObject ?? throw Invalid("it is not a JSON object");
            var schema = root["schema"]?.GetValue<int>() ?? throw Invalid("'schema' is missing");
            if (schema != SchemaVersion)
            {
                throw Invalid($"schema {schema} is not supported by this version of Summon (it reads schema {SchemaVersion}); update Summon");
            }
            var id = root["id"]?.GetValue<string>() ?? throw Invalid("'id' is missing");
            if (!ModuleId.IsValid(id))
            {
                throw Invalid($"'{id}' is not a valid module id");
            }
            var versionText = root["version"]?.GetValue<string>() ?? throw Invalid("'version' is missing");
            var version = NuGetVersion.TryParseStrict(versionText, out var v) ? v : throw Invalid($"'{versionText}' is not a SemVer 2.0 version");
            var files = (root["files"] as JsonArray ?? throw Invalid("'files' is missing")).Select(f =>
            {
                var file = f as JsonObject ?? throw Invalid("a file entry is not an object");
                var path = file["path"]?.GetValue<string>() ?? throw Invalid("a file has no 'path'");
                if (!ModulePath.IsSafeRelative(path))
                {
                    throw Invalid($"file path '{path}' would leave the module folder");
                }
                var length = file["length"]?.GetValue<long>() ?? throw Invalid($"file '{path}' has no 'length'");
                var sha256 = file["sha256"]?.GetValue<string>() ?? throw Invalid($"file '{path}' has no 'sha256'");
                var framework = file["framework"]?.GetValue<string>();
                if (framework is not null && NuGet.Frameworks.NuGetFramework.ParseFolder(framework).IsUnsupported)
                {
                    throw Invalid($"file '{path}' names an unknown target framework '{framework}'");
                }
                var runtime = file["runtime"]?.GetValue<string>();
                if (runtime is not null && !ModulePath.IsSafeRelative(runtime))
                {
                    throw Invalid($"file '{path}' names an invalid runtime identifier '{runtime}'");
                }
                return new ModuleFile(path, length, sha256, framework, runtime, file["lazy"]?.GetValue<bool>() ?? false);
            }).ToList();
            var assemblies = (root["assemblies"] as JsonArray ?? []).Select(a =>
            {
                var name = a?["name"]?.GetValue<string>() ?? throw Invalid("an assembly has no 'name'");
                var path = a["path"]?.GetValue<string>() ?? throw Invalid($"assembly {name} has no 'path'");
                if (!IsPlainName(name))
                {
                    // The cache keeps an index entry, and the warm start a record, named after each assembly; on Windows
                    // "c:x" is a path of its own (relative to drive C), which Path.Combine would return in place of the cache's.
                    throw Invalid($"assembly name '{name}' is not a plain name (it holds a path or drive separator, a control character, or is '.' or '..')");
                }
                return files.Any(f => f.Path == path) ? new ModuleAssembly(name, path) : throw Invalid($"assembly {name} is in '{path}', which is not one of the module's files");
            }).ToList();
            var dependencies = new Dictionary<string, VersionRange>(StringComparer.Ordinal);
            foreach (var (depId, range) in root["dependencies"] as JsonObject ?? [])
            {
                var rangeText = range?.GetValue<string>() ?? throw Invalid($"dependency '{depId}' has no range");
                dependencies[depId] = VersionRange.TryParse(rangeText, out var r) ? r : throw Invalid($"dependency '{depId}' has an invalid range '{rangeText}'");
            }
            return new ModuleManifest(id, version, assemblies, files, dependencies);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw Invalid(e.Message, e);
        }

        static bool IsPlainName(string name) =>
            name.Length > 0 && name is not ("." or "..") && !name.Any(c => c is '/' or '\\' or ':' || char.IsControl(c));

        SummonException Invalid(string why, Exception? inner = null) =>
            new($"The module manifest {source} is invalid: {why}. The repository's publisher must republish the module.", inner);
    }
}
