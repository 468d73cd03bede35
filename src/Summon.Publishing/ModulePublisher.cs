using NuGet.Versioning;
using Summon.Modules;

namespace Summon.Publishing;

/// <summary>
/// Turns a folder of files into a module version: every file a target, a manifest that lists them with
/// their hashes, the module's version index, and the assembly map entries that let a client find the
/// module from a missing assembly's name.
/// </summary>
internal static class ModulePublisher
{
    private const int MaxFiles = 100_000;

    public static PublishedModule Publish(RepositoryState state, string sourceDirectory, string moduleId, string version, IReadOnlyDictionary<string, string>? dependencies, IReadOnlyList<string>? lazyPatterns = null, bool commit = true)
    {
        if (File.Exists(sourceDirectory) && sourceDirectory.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase))
        {
            using var package = NupkgSource.Extract(sourceDirectory);
            var merged = package.Dependencies.ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal);
            foreach (var (depId, range) in dependencies ?? new Dictionary<string, string>())
            {
                merged[depId] = range;
            }
            return Publish(state, package.Directory, moduleId, version, merged, lazyPatterns, commit);
        }
        var id = ValidateId(moduleId);
        var parsedVersion = ParseVersion(version);
        var normalized = parsedVersion.ToNormalizedString();
        var ranges = ParseDependencies(id, dependencies);
        var source = Path.GetFullPath(sourceDirectory);
        if (!Directory.Exists(source))
        {
            throw new PublishingException($"The folder {source} does not exist. Pass the build output folder of the module.");
        }

        var index = ReadIndex(state, id) ?? new ModuleIndex(id, []);
        if (index.Versions.Any(v => v.Version == parsedVersion))
        {
            throw new PublishingException($"Module {id} {normalized} is already published; published versions never change. Publish a new version (for example {NextPatch(parsedVersion)}).");
        }

        var files = ListFiles(source);
        if (files.Count == 0)
        {
            throw new PublishingException($"The folder {source} has no files to publish. Pass the build output folder of the module.");
        }

        var moduleFiles = new List<ModuleFile>();
        var assemblies = new List<(string RelativePath, string Name)>();
        foreach (var (relative, full) in files)
        {
            TargetsEditor.AddFile(state, RepositoryLayout.File(id, normalized, relative), full);
            var info = TargetsEditor.Find(state, RepositoryLayout.File(id, normalized, relative))!.Value.Info;
            var (framework, runtime) = AssetFolders.Classify(relative);
            var lazy = AssetFolders.IsLazy(relative, lazyPatterns);
            if (lazy && (framework is not null || runtime is not null))
            {
                throw new PublishingException($"{relative} is an assembly or a native library; only data files can be fetched lazily. Narrow the --lazy pattern.");
            }
            moduleFiles.Add(new ModuleFile(relative, info.Length, info.Sha256, framework, runtime, lazy));
            if (runtime is null && relative.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && ManagedAssemblies.NameOf(full) is { } name)
            {
                assemblies.Add((relative, name));
            }
        }

        var manifest = new ModuleManifest(id, parsedVersion, [.. assemblies.Select(a => new ModuleAssembly(a.Name, a.RelativePath))], moduleFiles, ranges);
        TargetsEditor.Add(state, RepositoryLayout.Manifest(id, normalized), manifest.ToJson());
        TargetsEditor.Add(state, RepositoryLayout.ModuleIndex(id), index.With(new ModuleVersionEntry(parsedVersion, null)).ToJson());
        foreach (var (_, name) in assemblies)
        {
            var mapPath = RepositoryLayout.AssemblyProvider(name);
            if (TargetsEditor.Read(state, mapPath) is { } existing)
            {
                var provider = AssemblyProvider.Parse(existing, mapPath);
                if (provider.ModuleId != id)
                {
                    throw new PublishingException(
                        $"Assembly {name} is already provided by module {provider.ModuleId}; two modules cannot provide one assembly. Rename the assembly or publish it as part of {provider.ModuleId}.");
                }
                continue;
            }
            TargetsEditor.Add(state, mapPath, new AssemblyProvider(name, id).ToJson());
        }
        if (commit)
        {
            state.Commit();
        }
        return new PublishedModule(id, normalized, moduleFiles.Count, moduleFiles.Sum(f => f.Length), [.. assemblies.Select(a => a.Name)]);
    }

    public static void Revoke(RepositoryState state, string moduleId, string version, string reason)
    {
        var id = ValidateId(moduleId);
        var parsedVersion = ParseVersion(version);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new PublishingException("Give a reason for the revocation (--reason): applications show it to their users.");
        }
        var index = ReadIndex(state, id) ?? throw new PublishingException($"Module {id} is not published in this repository. Check the module id.");
        var entry = index.Versions.FirstOrDefault(v => v.Version == parsedVersion)
            ?? throw new PublishingException($"Module {id} has no version {parsedVersion.ToNormalizedString()} (published: {string.Join(", ", index.Versions.Select(v => v.Version.ToNormalizedString()))}).");
        if (entry.RevokedReason == reason)
        {
            return;
        }
        TargetsEditor.Add(state, RepositoryLayout.ModuleIndex(id), index.With(entry with { RevokedReason = reason }).ToJson());
        state.Commit();
    }

    private static ModuleIndex? ReadIndex(RepositoryState state, string id)
    {
        var path = RepositoryLayout.ModuleIndex(id);
        return TargetsEditor.Read(state, path) is { } bytes ? ModuleIndex.Parse(bytes, path) : null;
    }

    private static string ValidateId(string moduleId) => ModuleId.IsValid(moduleId)
        ? moduleId
        : throw new PublishingException(
            $"'{moduleId}' is not a valid module id: use 1 to {ModuleId.MaxLength} lowercase letters, digits, '.', '-' or '_', starting with a letter or digit (for example acme.extra).");

    private static NuGetVersion ParseVersion(string version) => NuGetVersion.TryParseStrict(version, out var parsed)
        ? parsed
        : throw new PublishingException($"'{version}' is not a SemVer 2.0 version (for example 1.2.3 or 2.0.0-beta.1).");

    private static string NextPatch(NuGetVersion v) => new NuGetVersion(v.Major, v.Minor, v.Patch + 1).ToNormalizedString();

    private static Dictionary<string, VersionRange> ParseDependencies(string id, IReadOnlyDictionary<string, string>? dependencies)
    {
        var result = new Dictionary<string, VersionRange>(StringComparer.Ordinal);
        foreach (var (depId, range) in dependencies ?? new Dictionary<string, string>())
        {
            ValidateId(depId);
            if (depId == id)
            {
                throw new PublishingException($"Module {id} cannot depend on itself.");
            }
            result[depId] = VersionRange.TryParse(range, out var parsed)
                ? parsed
                : throw new PublishingException($"'{range}' is not a valid version range for dependency {depId} (for example 1.2.0, [1.2,2.0) or *).");
        }
        return result;
    }

    private static List<(string Relative, string Full)> ListFiles(string source)
    {
        var files = new List<(string, string)>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = false };
        foreach (var full in Directory.EnumerateFiles(source, "*", options))
        {
            if (files.Count >= MaxFiles)
            {
                throw new PublishingException($"{source} holds more than {MaxFiles} files; a module this large should be split into several.");
            }
            var relative = Path.GetRelativePath(source, full).Replace(Path.DirectorySeparatorChar, '/');
            if (!ModulePath.IsSafeRelative(relative))
            {
                throw new PublishingException($"The file {full} has a name a client could not store safely ('{relative}'); rename it.");
            }
            files.Add((relative, full));
        }
        files.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return files;
    }
}
