using System.Text.Json;
using System.Text.Json.Nodes;
using NuGet.Versioning;

namespace Summon.Modules;

/// <summary>One published version of a module, and why it is revoked if it is.</summary>
internal sealed record ModuleVersionEntry(NuGetVersion Version, string? RevokedReason)
{
    public bool IsRevoked => RevokedReason is not null;
}

/// <summary>
/// The versions a repository holds of one module (<see cref="RepositoryLayout.ModuleIndex"/>). Revocations
/// live here because every freshness check reads it: a security fix reaches applications that cached a bad version.
/// </summary>
internal sealed record ModuleIndex(string Id, IReadOnlyList<ModuleVersionEntry> Versions)
{
    public byte[] ToJson()
    {
        var versions = new JsonObject();
        foreach (var entry in Versions.OrderBy(v => v.Version))
        {
            var value = new JsonObject();
            if (entry.RevokedReason is { } reason)
            {
                value["revoked"] = reason;
            }
            versions[entry.Version.ToNormalizedString()] = value;
        }
        var json = new JsonObject { ["schema"] = 1, ["id"] = Id, ["versions"] = versions };
        return JsonDocuments.ToUtf8(json);
    }

    public static ModuleIndex Parse(ReadOnlySpan<byte> utf8, string source)
    {
        try
        {
            var root = JsonNode.Parse(utf8) as JsonObject ?? throw new FormatException("it is not a JSON object");
            var id = root["id"]?.GetValue<string>() ?? throw new FormatException("'id' is missing");
            var versions = (root["versions"] as JsonObject ?? throw new FormatException("'versions' is missing"))
                .Select(p => new ModuleVersionEntry(
                    NuGetVersion.TryParseStrict(p.Key, out var v) ? v : throw new FormatException($"'{p.Key}' is not a version"),
                    p.Value?["revoked"]?.GetValue<string>()))
                .OrderBy(e => e.Version)
                .ToList();
            return new ModuleIndex(id, versions);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new SummonException($"The module index {source} is invalid: {e.Message}. The repository's publisher must republish the module.", e);
        }
    }

    public ModuleIndex With(ModuleVersionEntry entry) =>
        this with { Versions = [.. Versions.Where(v => v.Version != entry.Version), entry] };
}

/// <summary>Which module provides an assembly (<see cref="RepositoryLayout.AssemblyProvider"/>).</summary>
internal sealed record AssemblyProvider(string AssemblyName, string ModuleId)
{
    public byte[] ToJson() => JsonDocuments.ToUtf8(new JsonObject { ["assembly"] = AssemblyName, ["module"] = ModuleId });

    public static AssemblyProvider Parse(ReadOnlySpan<byte> utf8, string source)
    {
        try
        {
            var root = JsonNode.Parse(utf8) as JsonObject ?? throw new FormatException("it is not a JSON object");
            var module = root["module"]?.GetValue<string>() ?? throw new FormatException("'module' is missing");
            return new AssemblyProvider(root["assembly"]?.GetValue<string>() ?? "", Modules.ModuleId.Validate(module));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new SummonException($"The assembly map {source} is invalid: {e.Message}. The repository's publisher must republish the module.", e);
        }
    }
}
