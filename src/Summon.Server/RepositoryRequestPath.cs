namespace Summon.Server;

/// <summary>
/// Maps a request path to a file of the repository, refusing anything that could reach outside it
/// (<c>..</c>, encoded separators, rooted or drive paths) or that is not repository content (hidden files
/// such as the publisher's lock and temporary files).
/// </summary>
internal static class RepositoryRequestPath
{
    private const int MaxLength = 2048;
    private const int MaxSegments = 64;

    public enum Area
    {
        Metadata,
        Targets,
    }

    /// <summary>The full file path and area, or null when the path is not one the server will serve.</summary>
    public static (string File, Area Area)? Resolve(string root, string? requestPath)
    {
        if (string.IsNullOrEmpty(requestPath) || requestPath.Length > MaxLength)
        {
            return null;
        }
        // Decoded once, then checked: "%2e%2e%2f" is refused as the ".." it means.
        var path = requestPath.Contains('%') ? Uri.UnescapeDataString(requestPath) : requestPath;
        if (path.Contains('\\') || path.Contains(':') || path.Contains('\0') || path.StartsWith('/'))
        {
            return null;
        }
        var segments = path.Split('/');
        if (segments.Length < 2 || segments.Length > MaxSegments || segments.Any(s => s.Length == 0 || s[0] == '.'))
        {
            return null;
        }
        Area area;
        switch (segments[0])
        {
            case "metadata":
                area = Area.Metadata;
                break;
            case "targets":
                area = Area.Targets;
                break;
            default:
                return null;
        }
        var rootFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var full = Path.GetFullPath(Path.Combine(rootFull, Path.Combine(segments)));
        return full.StartsWith(rootFull + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? (full, area) : null;
    }
}
