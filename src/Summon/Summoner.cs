using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using NuGet.Versioning;
using Summon.Cache;
using Summon.Loading;
using Summon.Modules;
using Summon.Transport;

namespace Summon;

/// <summary>
/// Imports modules: from the cache when they are there (no network), otherwise from the repository, whose
/// signed metadata every file is verified against before it is installed. One instance per application
/// is enough; it is safe to use from many threads.
/// </summary>
public sealed class Summoner : IDisposable
{
    private static readonly object HookGate = new();
    private static Lazy<Summoner>? hooked;

    private readonly SummonOptions options;
    private readonly ModuleStore store;
    private readonly Dictionary<string, ModuleRequest> assemblyMap;
    private readonly Lazy<HttpFetcher> fetcher = new(() => new HttpFetcher());
    private readonly ConcurrentDictionary<string, string> assemblyPaths = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> unknownAssemblies = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> installGates = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim repositoryGate = new(1, 1);
    private RepositoryClient? repository;

    /// <summary>Creates a summoner; <paramref name="options"/> defaults to <see cref="SummonOptions.Load"/>.</summary>
    /// <exception cref="SummonConfigurationException">The options name an invalid module or version range.</exception>
    public Summoner(SummonOptions? options = null)
    {
        this.options = options ?? SummonOptions.Load();
        store = new ModuleStore(CacheLocation.Resolve(this.options.CacheDirectory));
        assemblyMap = this.options.AssemblyModules.ToDictionary(p => p.Key, p => ModuleRequest.Parse(p.Value), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The cache folder this summoner installs into and loads from.</summary>
    public string CacheDirectory => store.Root;

    /// <summary>
    /// Makes the runtime ask Summon for any assembly it cannot find. Call it from a
    /// <c>[ModuleInitializer]</c> so it runs before any method that touches a module is compiled. Options are
    /// read (<see cref="SummonOptions.Load"/>) only when the first assembly is missing, so an application that
    /// never touches a module pays nothing but the hook's installation.
    /// </summary>
    public static void InstallResolveHook() => InstallResolveHook(new Lazy<Summoner>(() => new Summoner()));

    /// <summary>Makes the runtime ask Summon, with these options, for any assembly it cannot find.</summary>
    public static void InstallResolveHook(SummonOptions options) => InstallResolveHook(new Lazy<Summoner>(() => new Summoner(options)));

    private static void InstallResolveHook(Lazy<Summoner> summoner)
    {
        lock (HookGate)
        {
            hooked = summoner;
            AssemblyResolveHook.Install(name => hooked.Value.LocateAssembly(name));
        }
    }

    /// <summary>
    /// Loads a module, fetching and installing it (and the modules it depends on) first if the cache does not hold it.
    /// </summary>
    /// <param name="module"><c>id</c> or <c>id@range</c>, with NuGet's range syntax: <c>acme.pdf@[1.2,2.0)</c>.</param>
    /// <param name="cancellationToken">Cancels the fetch; nothing partial is left in the cache.</param>
    /// <exception cref="SummonException">The module cannot be found, fetched, verified or loaded; the message says why and what to do.</exception>
    public async Task<ModuleHandle> ImportAsync(string module, CancellationToken cancellationToken = default)
    {
        var installed = await EnsureInstalledAsync(ModuleRequest.Parse(module), preferCache: true, cancellationToken).ConfigureAwait(false);
        return Load(installed);
    }

    /// <summary>
    /// Makes sure a module (and the modules it depends on) is in the cache without loading it; with
    /// <paramref name="includeLazyFiles"/>, also the files it fetches on first use, for a machine about to go offline.
    /// </summary>
    /// <param name="module"><c>id</c> or <c>id@range</c>.</param>
    /// <param name="includeLazyFiles">Also fetch the files the module marks to be fetched on first use.</param>
    /// <param name="cancellationToken">Cancels the fetch; nothing partial is left in the cache.</param>
    /// <exception cref="SummonException">The module cannot be found, fetched or verified.</exception>
    public async Task<ModuleInfo> PrefetchAsync(string module, bool includeLazyFiles = false, CancellationToken cancellationToken = default)
    {
        var installed = await EnsureInstalledAsync(ModuleRequest.Parse(module), preferCache: true, cancellationToken).ConfigureAwait(false);
        if (includeLazyFiles)
        {
            foreach (var lazy in installed.Record.LazyFiles)
            {
                await FetchLazyFileAsync(installed, lazy, cancellationToken).ConfigureAwait(false);
            }
        }
        return ModuleInfo.From(installed);
    }

    /// <summary>
    /// Asks the repository for the newest version of each cached module (or of one) and installs it; the next
    /// import loads it. Versions the application's module map allows are respected; revoked versions are skipped.
    /// </summary>
    /// <param name="moduleId">One module to update, or null for every cached module.</param>
    /// <param name="cancellationToken">Cancels the fetch; nothing partial is left in the cache.</param>
    /// <returns>The newest version of each module, now in the cache.</returns>
    /// <exception cref="SummonException">The repository cannot be reached, or refused verification.</exception>
    public async Task<IReadOnlyList<ModuleInfo>> UpdateAsync(string? moduleId = null, CancellationToken cancellationToken = default)
    {
        var ids = moduleId is null
            ? store.ListInstalled().Select(m => m.Id).Distinct(StringComparer.Ordinal).ToList()
            : [ModuleId.Validate(moduleId)];
        var updated = new List<ModuleInfo>();
        foreach (var id in ids)
        {
            var range = assemblyMap.Values.FirstOrDefault(r => r.Id == id)?.Range ?? VersionRange.All;
            var installed = await EnsureInstalledAsync(new ModuleRequest(id, range), preferCache: false, cancellationToken).ConfigureAwait(false);
            updated.Add(ModuleInfo.From(installed));
        }
        return updated;
    }

    /// <summary>The module versions in the cache.</summary>
    public IReadOnlyList<ModuleInfo> ListCached() => store.ListInstalled().Select(ModuleInfo.From).ToList();

    /// <summary>
    /// Empties the cache. Processes already running keep the files they opened; their next import fetches again.
    /// </summary>
    public void ClearCache() => store.Clear();

    /// <inheritdoc/>
    public void Dispose()
    {
        if (fetcher.IsValueCreated)
        {
            fetcher.Value.Dispose();
        }
        repositoryGate.Dispose();
    }

    /// <summary>
    /// The resolve hook's question: where is this assembly? The cache answers without the network; only a true
    /// miss goes to the repository, on the thread pool so a caller's synchronization context is never needed.
    /// </summary>
    internal string? LocateAssembly(AssemblyName name)
    {
        var assemblyName = name.Name!;
        if (assemblyPaths.TryGetValue(assemblyName, out var known))
        {
            return known;
        }
        ModuleRequest? request = assemblyMap.TryGetValue(assemblyName, out var mapped) ? mapped : null;
        if (request is null && assemblyMap.Count > 0)
        {
            return null;
        }
        if (request is null && store.LookupAssemblyProvider(assemblyName) is { } cachedProvider && ModuleId.IsValid(cachedProvider))
        {
            request = new ModuleRequest(cachedProvider, VersionRange.All);
        }
        var installed = request is null ? null : FindCached(request);
        if (installed is null)
        {
            if (unknownAssemblies.ContainsKey(assemblyName))
            {
                return null;
            }
            installed = RunBounded(ct => InstallProviderAsync(assemblyName, request, ct));
            if (installed is null)
            {
                unknownAssemblies[assemblyName] = true;
                return null;
            }
        }
        Register(installed);
        return assemblyPaths.TryGetValue(assemblyName, out var path) ? path : null;
    }

    private async Task<InstalledModule?> InstallProviderAsync(string assemblyName, ModuleRequest? request, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            if (options.Offline)
            {
                return null;
            }
            var client = await GetRepositoryAsync(cancellationToken).ConfigureAwait(false);
            var provider = await WithRepositoryErrorsAsync(() => client.FindAssemblyProviderAsync(assemblyName, cancellationToken), $"the module that provides {assemblyName}").ConfigureAwait(false);
            if (provider is null)
            {
                return null;
            }
            request = new ModuleRequest(provider, VersionRange.All);
        }
        return await EnsureInstalledAsync(request, preferCache: true, cancellationToken).ConfigureAwait(false);
    }

    private T RunBounded<T>(Func<CancellationToken, Task<T>> work)
    {
        using var timeout = new CancellationTokenSource(options.ImportTimeout);
        try
        {
            return Task.Run(() => work(timeout.Token), timeout.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested)
        {
            throw new RepositoryUnavailableException(options.Repository?.ToString() ?? "",
                $"Importing a module took longer than {options.ImportTimeout.TotalSeconds:0} s and was abandoned; nothing partial was kept. Check the connection to {options.Repository}, or prefetch the module with `summon prefetch` while the connection is good.", e);
        }
    }

    private InstalledModule? FindCached(ModuleRequest request)
    {
        var versions = store.InstalledVersions(request.Id)
            .Select(v => NuGetVersion.TryParseStrict(v, out var parsed) ? parsed : null)
            .OfType<NuGetVersion>()
            .ToList();
        while (request.Choose(versions) is { } best)
        {
            if (store.TryGetInstalled(request.Id, best.ToNormalizedString()) is { } installed && installed.IsIntact())
            {
                return installed;
            }
            versions.Remove(best);
        }
        return null;
    }

    private async Task<InstalledModule> EnsureInstalledAsync(ModuleRequest request, bool preferCache, CancellationToken cancellationToken)
    {
        if (preferCache && FindCached(request) is { } cached)
        {
            return cached;
        }
        if (options.Offline)
        {
            throw new RepositoryUnavailableException(options.Repository?.ToString() ?? "",
                $"Module {request} is not in the cache ({store.Root}) and Summon is offline (SUMMON_OFFLINE or SummonOptions.Offline), so it cannot be fetched. Run `summon prefetch {request}` while online.");
        }
        var gate = installGates.GetOrAdd(request.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (preferCache && FindCached(request) is { } installedMeanwhile)
            {
                return installedMeanwhile;
            }
            return await InstallAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<InstalledModule> InstallAsync(ModuleRequest request, CancellationToken cancellationToken)
    {
        var client = await GetRepositoryAsync(cancellationToken).ConfigureAwait(false);
        var index = await WithRepositoryErrorsAsync(() => client.GetIndexAsync(request.Id, cancellationToken), $"module {request}").ConfigureAwait(false)
            ?? throw new ModuleNotFoundException(request.Id, $"The repository {client.Repository} has no module '{request.Id}'. Check the id, or ask the publisher which modules the repository holds.");
        var version = request.Choose(index.Versions.Where(v => !v.IsRevoked).Select(v => v.Version))
            ?? throw new ModuleNotFoundException(request.Id, NoMatchingVersion(request, index, client.Repository));
        var versionText = version.ToNormalizedString();
        if (store.TryGetInstalled(request.Id, versionText) is { } current && current.IsIntact())
        {
            return current;
        }
        var manifest = await WithRepositoryErrorsAsync(() => client.GetManifestAsync(request.Id, versionText, cancellationToken), $"module {request.Id} {versionText}").ConfigureAwait(false);
        if (manifest is null || manifest.Id != request.Id || manifest.Version != version)
        {
            throw new ModuleNotFoundException(request.Id, $"The repository {client.Repository} lists {request.Id} {versionText} but holds no matching manifest for it; the publisher must republish the module.");
        }
        var assets = AssetSelector.Select(manifest);
        using (var staging = store.BeginInstall(request.Id, versionText))
        {
            var eager = assets.Files.Where(f => !f.File.Lazy).ToList();
            await WithRepositoryErrorsAsync(async () =>
            {
                await Parallel.ForEachAsync(eager, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (selected, ct) =>
                {
                    await using var destination = staging.CreateFile(selected.InstallPath);
                    await client.DownloadFileAsync(manifest, selected.File, destination, ct).ConfigureAwait(false);
                }).ConfigureAwait(false);
                return true;
            }, $"module {request.Id} {versionText}").ConfigureAwait(false);
            var lazy = assets.Files.Where(f => f.File.Lazy).Select(f => new RecordedFile(f.InstallPath, f.File.Length, 0, f.File.Sha256)).ToList();
            var installed = staging.Publish(client.Repository.ToString(), assets.Assemblies, eager.ToDictionary(f => f.InstallPath, f => f.File.Sha256, StringComparer.Ordinal), lazy);
            options.Log?.Invoke($"summon: installed {request.Id} {versionText} ({eager.Count} files, {installed.TotalBytes} bytes{(lazy.Count > 0 ? $", {lazy.Count} lazy files left for later" : "")}) from {client.Repository}");
            foreach (var (dependencyId, range) in manifest.Dependencies)
            {
                await EnsureInstalledAsync(new ModuleRequest(dependencyId, range), preferCache: true, cancellationToken).ConfigureAwait(false);
            }
            return installed;
        }
    }

    /// <summary>Fetches a lazy file of an installed module the first time it is asked for, verified like any other.</summary>
    internal async Task<string> FetchLazyFileAsync(InstalledModule installed, RecordedFile lazy, CancellationToken cancellationToken)
    {
        var path = installed.PathOf(lazy.RelativePath);
        var existing = new FileInfo(path);
        if (existing.Exists && existing.Length == lazy.Length)
        {
            return path;
        }
        if (options.Offline)
        {
            throw new RepositoryUnavailableException(options.Repository?.ToString() ?? "",
                $"The file {lazy.RelativePath} of module {installed.Id} {installed.Version} is fetched on first use, and Summon is offline. Run `summon prefetch {installed.Id}@[{installed.Version}] --all-files` while online.");
        }
        var client = await GetRepositoryAsync(cancellationToken).ConfigureAwait(false);
        var manifest = await WithRepositoryErrorsAsync(() => client.GetManifestAsync(installed.Id, installed.Version, cancellationToken), $"module {installed.Id} {installed.Version}").ConfigureAwait(false)
            ?? throw new ModuleNotFoundException(installed.Id, $"The repository {client.Repository} no longer holds {installed.Id} {installed.Version}, so its file {lazy.RelativePath} cannot be fetched. Run `summon update {installed.Id}`.");
        var file = manifest.Files.FirstOrDefault(f => f.Lazy && f.Path == lazy.RelativePath && f.Sha256 == lazy.Sha256)
            ?? throw new ModuleVerificationException(installed.Id, lazy.RelativePath, $"The repository's manifest of {installed.Id} {installed.Version} no longer lists {lazy.RelativePath} as it was installed; the published version changed, which it must never do. Tell the repository's operator.");
        var placed = await WithRepositoryErrorsAsync(() => store.PlaceLazyFileAsync(installed, lazy.RelativePath, destination => client.DownloadFileAsync(manifest, file, destination, cancellationToken)), $"{lazy.RelativePath} of module {installed.Id}").ConfigureAwait(false);
        options.Log?.Invoke($"summon: fetched {lazy.RelativePath} of {installed.Id} {installed.Version} ({lazy.Length} bytes)");
        return placed;
    }

    private static string NoMatchingVersion(ModuleRequest request, ModuleIndex index, Uri repository)
    {
        var available = index.Versions.Where(v => !v.IsRevoked).Select(v => v.Version.ToNormalizedString()).ToList();
        var revoked = index.Versions.Where(v => v.IsRevoked && request.Range.Satisfies(v.Version)).Select(v => $"{v.Version} ({v.RevokedReason})").ToList();
        return $"The repository {repository} has no version of {request.Id} in {request.Range.PrettyPrint()}"
            + (revoked.Count > 0 ? $"; revoked: {string.Join(", ", revoked)}" : "")
            + $". Available: {(available.Count > 0 ? string.Join(", ", available) : "none")}. Widen the version range or ask the publisher for a fixed version.";
    }

    private ModuleHandle Load(InstalledModule installed)
    {
        Register(installed);
        var assemblies = installed.Record.Assemblies.Values.Select(path => ModuleLoader.Load(installed.PathOf(path))).ToList();
        return new ModuleHandle(ModuleInfo.From(installed), assemblies, installed, this);
    }

    private void Register(InstalledModule installed)
    {
        NativeLibraryHook.Install(assembly => !assembly.IsDynamic && assembly.Location.StartsWith(store.Root, StringComparison.Ordinal));
        foreach (var (assembly, path) in installed.Record.Assemblies)
        {
            assemblyPaths.TryAdd(assembly, installed.PathOf(path));
        }
    }

    private async Task<RepositoryClient> GetRepositoryAsync(CancellationToken cancellationToken)
    {
        await repositoryGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (repository is not null)
            {
                return repository;
            }
            var url = options.Repository ?? throw new SummonConfigurationException(
                $"No repository is configured, so modules cannot be fetched. Set SUMMON_REPOSITORY, put \"repository\" in {SummonOptions.ConfigFileName} beside the application, or set SummonOptions.Repository.");
            var trustedRoot = ReadTrustedRoot();
            // Keyed by the trusted root as well as the URL: a repository re-created with new keys at the same address starts clean.
            var metadataDirectory = store.RepositoryMetadataDirectory(url, SHA256.HashData(trustedRoot));
            var cachedRoot = Path.Combine(metadataDirectory, "root.json");
            if (!File.Exists(cachedRoot))
            {
                AtomicFile.WriteAllBytes(cachedRoot, trustedRoot, metadataDirectory);
            }
            return repository = new RepositoryClient(url, metadataDirectory, MirroredFetcher.Over(url, options.Mirrors, fetcher.Value));
        }
        finally
        {
            repositoryGate.Release();
        }
    }

    private byte[] ReadTrustedRoot()
    {
        var path = options.TrustedRootPath ?? throw new SummonConfigurationException(
            $"No trusted root is configured, so nothing from the repository can be verified. Ship the repository's root.json with the application and name it in {SummonOptions.ConfigFileName} (\"trustedRoot\"), SUMMON_TRUSTED_ROOT or SummonOptions.TrustedRootPath.");
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SummonConfigurationException($"The trusted root {path} cannot be read: {e.Message}. It is the repository's root.json, shipped with the application; restore it or point SUMMON_TRUSTED_ROOT at it.", e);
        }
    }

    private async Task<T> WithRepositoryErrorsAsync<T>(Func<Task<T>> fetch, string what)
    {
        try
        {
            return await fetch().ConfigureAwait(false);
        }
        catch (DownloadException e)
        {
            throw new RepositoryUnavailableException(options.Repository?.ToString() ?? "",
                $"Could not fetch {what}: the repository at {options.Repository} could not be reached ({e.Message}). Check that it is running and the URL is right; to use a module while offline later, run `summon prefetch <module>` while online.", e);
        }
    }
}
