using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.Loader;
using Summon.Cache;
using Summon.Diagnostics;
using Summon.Modules;

namespace Summon;

/// <summary>A module loaded into this process: its assemblies and the way to its data files.</summary>
public sealed class ModuleHandle
{
    private readonly InstalledModule installed;
    private readonly Summoner summoner;
    private readonly AssemblyLoadContext? isolation;

    internal ModuleHandle(ModuleInfo info, IReadOnlyList<Assembly> assemblies, InstalledModule installed, Summoner summoner, AssemblyLoadContext? isolation = null)
    {
        Info = info;
        Assemblies = assemblies;
        this.installed = installed;
        this.summoner = summoner;
        this.isolation = isolation;
    }

    /// <summary>Whether the module runs in a load context of its own (<see cref="Summoner.ImportIsolatedAsync(string, CancellationToken)"/>).</summary>
    public bool IsIsolated => isolation is not null;

    /// <summary>
    /// Starts unloading an isolated module. The runtime frees it once nothing refers to its types or objects any more.
    /// </summary>
    /// <exception cref="InvalidOperationException">The module was loaded into the application's own context, which cannot unload.</exception>
    public void Unload() => (isolation ?? throw new InvalidOperationException($"Module {Id} {Version} was loaded into the application's context, which cannot unload; import it with ImportIsolatedAsync to be able to.")).Unload();

    /// <summary>Which module version this is, and where it lives.</summary>
    public ModuleInfo Info { get; }

    /// <summary>The module id.</summary>
    public string Id => Info.Id;

    /// <summary>The loaded version.</summary>
    public string Version => Info.Version;

    /// <summary>The module's managed assemblies, loaded.</summary>
    public IReadOnlyList<Assembly> Assemblies { get; }

    /// <summary>The module's first managed assembly, or null when it has none (a data-only module).</summary>
    public Assembly? Assembly => Assemblies.Count > 0 ? Assemblies[0] : null;

    /// <summary>The full path of one of the module's files, by its path relative to the module (with '/').</summary>
    /// <exception cref="FileNotFoundException">The module has no such file.</exception>
    public string GetFilePath(string relativePath)
    {
        var full = ModulePath.IsSafeRelative(relativePath) ? Path.Combine(Info.Directory, relativePath.Replace('/', Path.DirectorySeparatorChar)) : null;
        return full is not null && File.Exists(full)
            ? full
            : throw new FileNotFoundException($"Module {Id} {Version} has no file '{relativePath}'.", relativePath);
    }

    /// <summary>
    /// The full path of one of the module's files, fetching it first if the module marks it lazy and it has not
    /// been fetched yet. The file is verified against the repository's signed metadata like every other.
    /// </summary>
    /// <exception cref="FileNotFoundException">The module has no such file.</exception>
    /// <exception cref="SummonException">A lazy file could not be fetched or verified.</exception>
    [SuppressMessage("ApiDesign", "RS0026", Justification = ProgressOverloads.Why)]
    public Task<string> GetFileAsync(string relativePath, CancellationToken cancellationToken = default) => GetFileAsync(relativePath, progress: null, cancellationToken);

    /// <summary>
    /// The full path of one of the module's files, fetching it first if the module marks it lazy and it has not
    /// been fetched yet, and reporting how far that download has got (nothing when there is nothing to fetch).
    /// </summary>
    /// <param name="relativePath">The file's path relative to the module, with '/'.</param>
    /// <param name="progress">Receives the progress of the download, if there is one.</param>
    /// <param name="cancellationToken">Cancels the fetch; nothing partial is left in the cache.</param>
    /// <exception cref="FileNotFoundException">The module has no such file.</exception>
    /// <exception cref="SummonException">A lazy file could not be fetched or verified.</exception>
    [SuppressMessage("ApiDesign", "RS0026", Justification = ProgressOverloads.Why)]
    public async Task<string> GetFileAsync(string relativePath, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken = default)
    {
        var lazy = installed.Record.LazyFiles.FirstOrDefault(f => f.RelativePath == relativePath);
        return lazy is null
            ? GetFilePath(relativePath)
            : await summoner.FetchLazyFileAsync(installed, lazy, DownloadProgressReporter.For(progress), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens one of the module's files for reading.</summary>
    /// <exception cref="FileNotFoundException">The module has no such file.</exception>
    public Stream OpenFile(string relativePath) => File.OpenRead(GetFilePath(relativePath));
}
