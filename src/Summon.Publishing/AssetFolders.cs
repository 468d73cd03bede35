using NuGet.Frameworks;

namespace Summon.Publishing;

/// <summary>
/// Reads NuGet's folder conventions in a module's files: <c>lib/&lt;tfm&gt;/</c> holds managed files for one target
/// framework, <c>runtimes/&lt;rid&gt;/native/</c> native files for one platform; anything else is for everyone.
/// </summary>
internal static class AssetFolders
{
    public static (string? Framework, string? Runtime) Classify(string relativePath)
    {
        var parts = relativePath.Split('/');
        if (parts.Length >= 3 && parts[0].Equals("lib", StringComparison.OrdinalIgnoreCase) && !NuGetFramework.ParseFolder(parts[1]).IsUnsupported)
        {
            return (parts[1], null);
        }
        if (parts.Length >= 4 && parts[0].Equals("runtimes", StringComparison.OrdinalIgnoreCase) && parts[2].Equals("native", StringComparison.OrdinalIgnoreCase))
        {
            return (null, parts[1]);
        }
        return (null, null);
    }

    /// <summary>
    /// Whether a file is fetched on first use: a pattern names a file, a folder with <c>/**</c> (everything under it),
    /// or segments with <c>*</c> and <c>?</c> that do not cross a <c>/</c>.
    /// </summary>
    public static bool IsLazy(string relativePath, IReadOnlyList<string>? patterns) =>
        patterns?.Any(pattern => pattern.EndsWith("/**", StringComparison.Ordinal)
            ? relativePath.StartsWith(pattern[..^2], StringComparison.Ordinal)
            : Trust.PathPattern.Matches(relativePath, pattern)) ?? false;
}
