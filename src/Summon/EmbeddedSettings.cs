using System.Reflection;

namespace Summon;

/// <summary>
/// The settings the build integration (<c>build/Summon.targets</c>) put into the application: the repository, the
/// module map and the trusted root (a manifest resource). They are the lowest precedence: <c>summon.json</c> beside
/// the application overrides them, and environment variables override both.
/// </summary>
internal static class EmbeddedSettings
{
    /// <summary>The manifest resource that holds the repository's trusted root, as the build embeds it.</summary>
    public const string TrustedRootResource = "Summon.TrustedRoot.json";

    public static SummonOptions Load(Assembly application, string? repository, string[] modules) =>
        SummonOptions.LoadOver(applicationDirectory: null, options => Apply(application, repository, modules, options));

    /// <summary>The module map as the hook's warm path reads it: assembly name → <c>id@range</c>; null when malformed (the full options say why).</summary>
    public static Dictionary<string, string>? ModuleMap(string[] modules)
    {
        if (modules.Length % 3 != 0)
        {
            return null;
        }
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < modules.Length; i += 3)
        {
            map[modules[i]] = modules[i + 1] + "@" + modules[i + 2];
        }
        return map;
    }

    /// <summary>Whether the build declared both a repository and its trusted root, so a freshness check is possible.</summary>
    public static bool DeclaresRepository(Assembly application, string? repository) =>
        repository is { Length: > 0 } && application.GetManifestResourceInfo(TrustedRootResource) is not null;

    private static void Apply(Assembly application, string? repository, string[] modules, SummonOptions options)
    {
        var source = $"the build of {application.GetName().Name}";
        if (ModuleMap(modules) is not { } map)
        {
            throw new SummonConfigurationException(
                $"The module map embedded by {source} has {modules.Length} entries, not triples of assembly, module id and version range. Rebuild the application with the same version of the Summon package it references.");
        }
        if (repository is { Length: > 0 })
        {
            options.Repository = ConfigFile.ParseRepository(repository, source);
        }
        options.EmbeddedTrustedRoot = ReadTrustedRoot(application);
        foreach (var (assembly, module) in map)
        {
            options.AssemblyModules[assembly] = module;
        }
    }

    private static byte[]? ReadTrustedRoot(Assembly application)
    {
        using var stream = application.GetManifestResourceStream(TrustedRootResource);
        if (stream is null)
        {
            return null;
        }
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
