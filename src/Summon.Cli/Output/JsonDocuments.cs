using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Summon.Cli.Output;

// What `--json` prints: one document per command on standard output. The property names (camelCase) are a
// contract with scripts: add properties, never rename or remove one. README's "Output for scripts" lists them.

/// <summary>A module version in the cache.</summary>
internal sealed record ModuleJson(string Id, string Version, string Directory, int FileCount, long TotalBytes)
{
    public static ModuleJson From(ModuleInfo module) => new(module.Id, module.Version, module.Directory, module.FileCount, module.TotalBytes);
}

/// <summary><c>summon list</c>.</summary>
internal sealed record ListJson(string CacheDirectory, IReadOnlyList<ModuleJson> Modules);

/// <summary><c>summon cache dir</c>.</summary>
internal sealed record CacheDirectoryJson(string CacheDirectory);

/// <summary><c>summon cache clear</c>.</summary>
internal sealed record ClearJson(string CacheDirectory, int RemovedVersions);

/// <summary><c>summon cache verify</c>.</summary>
internal sealed record VerifyJson(string CacheDirectory, int Checked, IReadOnlyList<DamagedJson> Damaged, int LeftoversRemoved);

internal sealed record DamagedJson(string Id, string Version, string Problem, bool Removed);

/// <summary><c>summon cache prune</c>.</summary>
internal sealed record PruneJson(string CacheDirectory, IReadOnlyList<PrunedJson> Removed, long RemovedBytes, int Kept, int LeftoversRemoved);

internal sealed record PrunedJson(string Id, string Version, long Bytes);

/// <summary><c>summon prefetch</c>.</summary>
internal sealed record PrefetchJson(ModuleJson Module);

/// <summary><c>summon update</c>: each module's newest version, whether it changed, and what the cache held before.</summary>
internal sealed record UpdateJson(IReadOnlyList<UpdatedJson> Modules);

internal sealed record UpdatedJson(string Id, string Version, bool Updated, IReadOnlyList<string> PreviousVersions, string Directory, int FileCount, long TotalBytes);

/// <summary><c>summon lock</c>.</summary>
internal sealed record LockJson(string? LockFile, IReadOnlyList<LockedJson> Modules);

internal sealed record LockedJson(string Id, string Version, string ManifestSha256, IReadOnlyList<string> Why);

/// <summary><c>summon why</c>.</summary>
internal sealed record WhyJson(string Id, IReadOnlyList<string> Chain);

/// <summary><c>summon publish</c>.</summary>
internal sealed record PublishJson(string Id, string Version, int FileCount, long TotalBytes, IReadOnlyList<string> Assemblies);

/// <summary><c>summon repo refresh</c>.</summary>
internal sealed record RefreshJson(IReadOnlyList<string> Resigned);

/// <summary><c>summon repo delegate-bins</c>.</summary>
internal sealed record DelegateBinsJson(IReadOnlyList<string> Bins);

/// <summary>Any failure in <c>--json</c> mode; the exit code is the process's, the kind its name.</summary>
internal sealed record ErrorJson(ErrorDetailJson Error);

internal sealed record ErrorDetailJson(int ExitCode, string Kind, string Message);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ListJson))]
[JsonSerializable(typeof(CacheDirectoryJson))]
[JsonSerializable(typeof(ClearJson))]
[JsonSerializable(typeof(VerifyJson))]
[JsonSerializable(typeof(PruneJson))]
[JsonSerializable(typeof(PrefetchJson))]
[JsonSerializable(typeof(UpdateJson))]
[JsonSerializable(typeof(LockJson))]
[JsonSerializable(typeof(WhyJson))]
[JsonSerializable(typeof(PublishJson))]
[JsonSerializable(typeof(RefreshJson))]
[JsonSerializable(typeof(DelegateBinsJson))]
[JsonSerializable(typeof(ErrorJson))]
internal sealed partial class CliJson : JsonSerializerContext
{
    /// <summary>
    /// The context the tool writes with: source-generated (no reflection, nothing for the trimmer to lose), and
    /// escaping only what JSON requires, so paths and version ranges read as they are.
    /// </summary>
    public static CliJson Output { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
