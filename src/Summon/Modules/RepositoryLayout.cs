namespace Summon.Modules;

/// <summary>
/// Where module facts live among a repository's TUF targets. Every path here is a signed target, so
/// whatever a client reads through it has been verified by the trust layer, and a lookup by path works
/// the same whether the repository keeps one targets file or 100 000 hashed bins.
/// </summary>
internal static class RepositoryLayout
{
    /// <summary>The folder of a repository (and of its URL) that holds TUF metadata.</summary>
    public const string MetadataFolder = "metadata";

    /// <summary>The folder of a repository (and of its URL) that holds targets.</summary>
    public const string TargetsFolder = "targets";

    /// <summary>The list of a module's published versions (and which are revoked).</summary>
    public static string ModuleIndex(string moduleId) => $"modules/{moduleId}/index.json";

    /// <summary>The manifest of one version of a module.</summary>
    public static string Manifest(string moduleId, string version) => $"modules/{moduleId}/{version}/module.json";

    /// <summary>One file of one version of a module, by its path relative to the module's root.</summary>
    public static string File(string moduleId, string version, string relativePath) => $"modules/{moduleId}/{version}/files/{relativePath}";

    /// <summary>Which module provides an assembly; assembly names compare case-insensitively.</summary>
    public static string AssemblyProvider(string assemblyName) => $"assemblies/{assemblyName.ToLowerInvariant()}.json";
}
