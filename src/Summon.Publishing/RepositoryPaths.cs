using Summon.Modules;

namespace Summon.Publishing;

/// <summary>Where a repository's files live on disk, and the rule that keeps private keys out of it.</summary>
internal sealed class RepositoryPaths
{
    public RepositoryPaths(string repositoryDirectory)
    {
        Root = Path.GetFullPath(repositoryDirectory);
        Metadata = Path.Combine(Root, RepositoryLayout.MetadataFolder);
        Targets = Path.Combine(Root, RepositoryLayout.TargetsFolder);
    }

    public string Root { get; }

    public string Metadata { get; }

    public string Targets { get; }

    public string MetadataFile(string fileName) => Path.Combine(Metadata, fileName);

    public string TargetFile(string storedPath) => Path.Combine(Targets, storedPath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Anything under the repository folder is served to the world, so a keys folder there would publish the keys.</summary>
    public void RefuseKeysInside(string keysDirectory, string option = "--keys")
    {
        var keys = Path.TrimEndingDirectorySeparator(Path.GetFullPath(keysDirectory));
        var root = Path.TrimEndingDirectorySeparator(Root);
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (keys.Equals(root, comparison) || keys.StartsWith(root + Path.DirectorySeparatorChar, comparison))
        {
            throw new PublishingException(
                $"The keys folder {keys} is inside the repository {root}, which is served to everyone: private keys would be published. Choose a {option} folder outside the repository.");
        }
    }
}
