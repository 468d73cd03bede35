using System.Runtime.InteropServices;
using NuGet.Frameworks;

namespace Summon.Modules;

/// <summary>A module file this machine wants, and where it goes inside the installed module's folder.</summary>
internal sealed record SelectedFile(ModuleFile File, string InstallPath);

/// <summary>What of a module this machine installs: its files, and its assemblies by name with their install paths.</summary>
internal sealed record SelectedAssets(IReadOnlyList<SelectedFile> Files, IReadOnlyDictionary<string, string> Assemblies);

/// <summary>
/// Chooses the files of a module for the running runtime and platform: managed files of the one target framework
/// NuGet would pick, native files of the most specific runtime identifier that has any, and the rest. Managed and
/// native files are installed side by side at the module's root so that <c>DllImport</c> finds the natives
/// beside the assembly that calls them.
/// </summary>
internal static class AssetSelector
{
    public static NuGetFramework CurrentFramework { get; } = new(FrameworkConstants.FrameworkIdentifiers.NetCoreApp, new Version(Environment.Version.Major, Environment.Version.Minor));

    /// <summary>Runtime identifiers from the most specific to the most general, as the runtime's own fallbacks run.</summary>
    public static IReadOnlyList<string> CurrentRuntimes { get; } = RuntimeFallbacks(RuntimeInformation.RuntimeIdentifier, RuntimeInformation.ProcessArchitecture);

    public static SelectedAssets Select(ModuleManifest manifest) => Select(manifest, CurrentFramework, CurrentRuntimes);

    public static SelectedAssets Select(ModuleManifest manifest, NuGetFramework framework, IReadOnlyList<string> runtimes)
    {
        var selected = new List<SelectedFile>();
        var managed = manifest.Files.Where(f => f.Framework is not null).ToList();
        if (managed.Count > 0)
        {
            var offered = managed.Select(f => f.Framework!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var nearest = new FrameworkReducer().GetNearest(framework, offered.Select(NuGetFramework.ParseFolder));
            if (nearest is null)
            {
                throw new SummonException($"Module {manifest.Id} {manifest.Version} has no assemblies this runtime ({framework.GetShortFolderName()}) can load: it offers {string.Join(", ", offered)}. Ask its publisher for a build that targets {framework.GetShortFolderName()} or an earlier .NET.");
            }
            var chosen = offered.First(o => NuGetFramework.ParseFolder(o).Equals(nearest));
            selected.AddRange(managed.Where(f => string.Equals(f.Framework, chosen, StringComparison.OrdinalIgnoreCase))
                .Select(f => new SelectedFile(f, StripPrefix(f.Path, $"lib/{f.Framework}/"))));
        }
        var native = manifest.Files.Where(f => f.Runtime is not null).ToList();
        if (native.Count > 0)
        {
            var chosen = runtimes.FirstOrDefault(rid => native.Any(f => string.Equals(f.Runtime, rid, StringComparison.OrdinalIgnoreCase)))
                ?? throw new SummonException($"Module {manifest.Id} {manifest.Version} has no native files for this platform ({runtimes[0]}): it offers {string.Join(", ", native.Select(f => f.Runtime).Distinct())}. Ask its publisher for a {runtimes[0]} build.");
            selected.AddRange(native.Where(f => string.Equals(f.Runtime, chosen, StringComparison.OrdinalIgnoreCase))
                .Select(f => new SelectedFile(f, StripPrefix(f.Path, $"runtimes/{f.Runtime}/native/"))));
        }
        selected.AddRange(manifest.Files.Where(f => f.Framework is null && f.Runtime is null).Select(f => new SelectedFile(f, f.Path)));

        var clash = selected.GroupBy(s => s.InstallPath, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new SummonException($"Module {manifest.Id} {manifest.Version} would install {string.Join(" and ", clash.Select(c => c.File.Path))} at the same place ({clash.Key}); its publisher must rename one.");
        }
        var installPaths = selected.ToDictionary(s => s.File.Path, s => s.InstallPath, StringComparer.Ordinal);
        var assemblies = manifest.Assemblies
            .Where(a => installPaths.ContainsKey(a.Path))
            .ToDictionary(a => a.Name, a => installPaths[a.Path], StringComparer.OrdinalIgnoreCase);
        return new SelectedAssets(selected, assemblies);
    }

    internal static IReadOnlyList<string> RuntimeFallbacks(string runtimeIdentifier, Architecture architecture)
    {
        var arch = architecture.ToString().ToLowerInvariant();
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsFreeBSD() ? "freebsd" : "unix";
        var fallbacks = new List<string> { runtimeIdentifier };
        // musl systems fall back to the musl portable RID before the glibc one, which would not load.
        if (runtimeIdentifier.Contains("musl", StringComparison.Ordinal))
        {
            fallbacks.Add($"linux-musl-{arch}");
        }
        fallbacks.Add($"{os}-{arch}");
        fallbacks.Add(os);
        if (os is "linux" or "osx" or "freebsd")
        {
            fallbacks.Add($"unix-{arch}");
            fallbacks.Add("unix");
        }
        fallbacks.Add("any");
        return fallbacks.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static string StripPrefix(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && path.Length > prefix.Length ? path[prefix.Length..] : path;
}
