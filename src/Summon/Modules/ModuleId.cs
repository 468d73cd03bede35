using System.Text.RegularExpressions;

namespace Summon.Modules;

/// <summary>
/// Module ids are lowercase and made of letters, digits, dots, dashes and underscores, so they are safe as
/// a path segment on every file system and as part of a URL, and two spellings never name one module.
/// </summary>
internal static partial class ModuleId
{
    public const int MaxLength = 100;

    public static bool IsValid(string? id) => id is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(id);

    public static string Validate(string? id) => IsValid(id)
        ? id!
        : throw new SummonConfigurationException(
            $"'{id}' is not a valid module id: use 1 to {MaxLength} lowercase letters, digits, '.', '-' or '_', starting with a letter or digit (for example acme.extra).");

    /// <summary>The default module id of an assembly: its name, lowercased.</summary>
    public static string FromAssemblyName(string assemblyName) => assemblyName.ToLowerInvariant();

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
