using System.Text.RegularExpressions;

namespace Summon.Server;

/// <summary>
/// Which repository files a cache may keep forever and which it must ask about every time, decided by file
/// name alone so that any static host (nginx, a CDN rule) can apply the same rule. See docs/hosting.md.
/// </summary>
internal static partial class RepositoryCachePolicy
{
    /// <summary>For content that can never change under its name: caches keep it a year without asking again.</summary>
    public const string Immutable = "public, max-age=31536000, immutable";

    /// <summary>For names whose content changes in place: caches may store it but must revalidate before each use.</summary>
    public const string Revalidate = "no-cache";

    /// <summary>
    /// For a name that does not exist (yet): a client asks for <c>N+1.root.json</c> on every refresh and must
    /// see it the moment it is published, so a 404 is never stored.
    /// </summary>
    public const string Missing = "no-store";

    /// <summary>
    /// Metadata: <c>N.&lt;role&gt;.json</c> is immutable. A root version is written only once its signatures meet
    /// both thresholds, and with consistent snapshots the editor gives every change of snapshot, targets or a
    /// delegated role a new version number and writes it before the timestamp that names it, so no reader can
    /// have fetched a number before its content is final. <c>timestamp.json</c> and the unversioned
    /// <c>root.json</c>, <c>snapshot.json</c>, <c>targets.json</c> change in place.
    /// Targets: <c>&lt;sha256&gt;.&lt;name&gt;</c> is named by its content; anything else is revalidated.
    /// </summary>
    public static bool IsImmutable(RepositoryRequestPath.Area area, string fileName) => area switch
    {
        RepositoryRequestPath.Area.Metadata => VersionedMetadata().IsMatch(fileName),
        _ => ContentAddressedTarget().IsMatch(fileName),
    };

    /// <summary>The sha256 a content-addressed target's name starts with, or null.</summary>
    public static string? ContentHash(string fileName) =>
        ContentAddressedTarget().Match(fileName) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex("^[1-9][0-9]{0,9}\\.[^/]+\\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionedMetadata();

    [GeneratedRegex("^([0-9a-f]{64})\\.", RegexOptions.CultureInvariant)]
    private static partial Regex ContentAddressedTarget();
}
