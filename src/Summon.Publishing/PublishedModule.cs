namespace Summon.Publishing;

/// <summary>What <see cref="RepositoryEditor.Publish"/> added to the repository.</summary>
/// <param name="Id">The module id.</param>
/// <param name="Version">The normalized version.</param>
/// <param name="FileCount">How many files the module has.</param>
/// <param name="TotalBytes">The total size of its files.</param>
/// <param name="Assemblies">The managed assemblies it provides, by assembly name.</param>
public sealed record PublishedModule(string Id, string Version, int FileCount, long TotalBytes, IReadOnlyList<string> Assemblies);
