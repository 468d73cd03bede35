using System.Text.RegularExpressions;

namespace Summon.Publishing.Metadata;

/// <summary>The top-level TUF roles, how long each stays valid by default, and which names delegated roles may take.</summary>
internal static partial class Roles
{
    public const string Root = "root";
    public const string Targets = "targets";
    public const string Snapshot = "snapshot";
    public const string Timestamp = "timestamp";

    public static readonly IReadOnlyList<string> TopLevel = [Root, Targets, Snapshot, Timestamp];

    public static bool IsTopLevel(string role) => TopLevel.Contains(role);

    /// <summary>Default lifetimes: the more often a role changes and the more exposed its key, the shorter.</summary>
    public static TimeSpan DefaultLifetime(string role) => role switch
    {
        Root => TimeSpan.FromDays(365),
        Snapshot => TimeSpan.FromDays(7),
        Timestamp => TimeSpan.FromDays(1),
        _ => TimeSpan.FromDays(90),
    };

    /// <summary>Delegated role names become file names (<c>V.name.json</c>) and URL segments, so they are kept plain.</summary>
    public static string ValidateDelegatedName(string name)
    {
        if (name.Length is 0 or > 100 || !DelegatedName().IsMatch(name) || IsTopLevel(name))
        {
            throw new PublishingException(
                $"'{name}' cannot name a delegated role: use 1 to 100 letters, digits, '.', '-' or '_', starting with a letter or digit, and not root, targets, snapshot or timestamp.");
        }
        return name;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex DelegatedName();
}
