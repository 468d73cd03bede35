using System.Text.Json;
using System.Text.Json.Nodes;
using NuGet.Versioning;

namespace Summon.Modules;

/// <summary>One module the application's lock pins: its exact version, the hash of its signed manifest, and why it is there.</summary>
internal sealed record LockedModule(string Id, NuGetVersion Version, string ManifestSha256, IReadOnlyList<string> Why);

/// <summary>
/// The application's resolved set of modules (<c>summon.lock.json</c> beside <c>summon.json</c>): exact versions and
/// manifest hashes. With a lock the application gets exactly these versions until <c>summon update</c> moves them.
/// </summary>
internal sealed record LockFile(IReadOnlyDictionary<string, LockedModule> Modules)
{
    public const string FileName = "summon.lock.json";
    private const int FormatVersion = 1;

    public static LockFile? TryRead(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SummonConfigurationException($"The lock file {path} cannot be read: {e.Message}. Fix its permissions, or delete it and run `summon lock`.", e);
        }
        try
        {
            var root = JsonNode.Parse(bytes) as JsonObject ?? throw new FormatException("it is not a JSON object");
            if (root["lockVersion"]?.GetValue<int>() != FormatVersion)
            {
                throw new FormatException($"its lockVersion is not {FormatVersion}");
            }
            var modules = new Dictionary<string, LockedModule>(StringComparer.Ordinal);
            foreach (var (id, entry) in root["modules"] as JsonObject ?? throw new FormatException("'modules' is missing"))
            {
                ModuleId.Validate(id);
                var versionText = entry?["version"]?.GetValue<string>() ?? throw new FormatException($"{id} has no version");
                var version = NuGetVersion.TryParseStrict(versionText, out var v) ? v : throw new FormatException($"{id} has an invalid version '{versionText}'");
                var manifest = entry["manifest"]?.GetValue<string>() ?? throw new FormatException($"{id} has no manifest hash");
                var why = (entry["why"] as JsonArray ?? []).Select(w => w?.GetValue<string>() ?? "").ToList();
                modules[id] = new LockedModule(id, version, manifest, why);
            }
            return new LockFile(modules);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new SummonConfigurationException($"The lock file {path} is invalid: {e.Message}. Delete it and run `summon lock` to write it again.", e);
        }
    }

    public void Write(string path)
    {
        var modules = new JsonObject();
        foreach (var module in Modules.Values.OrderBy(m => m.Id, StringComparer.Ordinal))
        {
            modules[module.Id] = new JsonObject
            {
                ["version"] = module.Version.ToNormalizedString(),
                ["manifest"] = module.ManifestSha256,
                ["why"] = new JsonArray(module.Why.Select(w => (JsonNode)JsonValue.Create(w)).ToArray()),
            };
        }
        var json = new JsonObject { ["lockVersion"] = FormatVersion, ["modules"] = modules };
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Cache.AtomicFile.Write(path, JsonDocuments.ToUtf8(json));
    }
}
