using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Security.Cryptography;
using NuGet.Versioning;
using Summon.Cache;
using Summon.Diagnostics;
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
    private readonly SummonOptions options;
    private readonly ModuleStore store;
    private readonly CacheLayers cacheLayers;
    private readonly Dictionary<string, ModuleRequest> assemblyMap;
    private readonly Lazy<HttpFetcher> fetcher;
    // Made on first use: what only the resolve hook (the first two) or a fetch (the gates) needs is not built by every
    // Summoner, since applications may make one per import of a cached module.
    private ConcurrentDictionary<string, string>? assemblyPaths;
    private ConcurrentDictionary<string, bool>? unknownAssemblies;
    private ConcurrentDictionary<string, SemaphoreSlim>? installGates;
    private SemaphoreSlim? repositoryGate;
    private readonly Lazy<LockFile?> lockFile;
    private RepositoryClient? repository;
    private WarmLocator? warmLocator;
    private int freshnessCheckStarted;

    /// <summary>Creates a summoner; <paramref name="options"/> defaults to <see cref="SummonOptions.Load"/>.</summary>
    /// <exception cref="SummonConfigurationException">The options name an invalid module or version range.</exception>
    public Summoner(SummonOptions? options = null)
    {
        this.options = options ?? SummonOptions.Load();
        fetcher = new(() => new HttpFetcher(this.options.HttpMessageHandlerFactory));
        store = new ModuleStore(CacheLocation.ResolveUsable(this.options.CacheDirectory, null, this.options.Log));
        CachePermissions.RequirePrivate(store.Root);
        var shared = this.options.SharedCacheDirectory is { Length: > 0 } sharedRoot ? new ModuleStore(Path.GetFullPath(sharedRoot)) : null;
        if (shared is not null)
        {
            CachePermissions.RequireNotWorldWritable(shared.Root);
        }
        cacheLayers = new CacheLayers(store, shared);
        if (this.options.PruneUnusedAfter is { } unusedFor)
        {
            BackgroundPrune = AutoPrune.StartIfDue(store, unusedFor, IsLocked, this.options.Log);
        }
        // Loops rather than LINQ on the paths a cached import takes: ReadyToRun has no code for LINQ's generic methods
        // over KeyValuePair, and each costs the first import of a process a JIT compilation.
        assemblyMap = new Dictionary<string, ModuleRequest>(StringComparer.OrdinalIgnoreCase);
        foreach (var (assembly, module) in this.options.AssemblyModules)
        {
            assemblyMap.Add(assembly, ModuleRequest.Parse(module));
        }
        lockFile = new(() => this.options.LockFilePath is { } path ? LockFile.TryRead(path) : null);
    }

    /// <summary>The cache folder this summoner installs into and loads from.</summary>
    public string CacheDirectory => store.Root;

    /// <summary>
    /// Makes the runtime ask Summon for any assembly it cannot find. Call it from a
    /// <c>[ModuleInitializer]</c> so it runs before any method that touches a module is compiled. Options are
    /// read (<see cref="SummonOptions.Load"/>) only when the first assembly is missing, so an application that
    /// never touches a module pays nothing but the hook's installation. An application that uses its modules on every
    /// run can opt in to having the ones an earlier run loaded from the cache loaded here instead, before anything asks
    /// (the runtime configuration switch <c>Summon.PreloadCachedModules</c>; MSBuild: <c>SummonPreloadCachedModules</c>).
    /// </summary>
    public static void InstallResolveHook() => InstallResolveHook(() => HookSettings.Load(), () => new Summoner(), new WarmStart(null, null));

    /// <summary>Makes the runtime ask Summon, with these options, for any assembly it cannot find.</summary>
    public static void InstallResolveHook(SummonOptions options) => InstallResolveHook(() => HookSettings.From(options), () => new Summoner(options), start: null);

    /// <summary>
    /// The build integration's entry point (<c>Summon="lazy"</c> references): the module initializer the build generates
    /// calls it with what the project declared. Settings are read on the first miss: environment variables, then
    /// <c>summon.json</c> beside the application, then these.
    /// </summary>
    /// <param name="application">The application assembly; its manifest resource <c>Summon.TrustedRoot.json</c>, if any, is the trusted root.</param>
    /// <param name="repository">The repository URL the project declared (<c>SummonRepository</c>), or null.</param>
    /// <param name="modules">Flattened triples: assembly name, module id, NuGet version range.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void InstallResolveHook(Assembly application, string? repository, string[] modules) =>
        InstallResolveHook(
            () => EmbeddedSettings.ModuleMap(modules) is { } map ? HookSettings.Load(null, map, EmbeddedSettings.DeclaresRepository(application, repository)) : null,
            () => new Summoner(EmbeddedSettings.Load(application, repository, modules)),
            new WarmStart(repository, modules));

    /// <summary>
    /// Installs the hook. An assembly answered before is replayed by <paramref name="start"/> (entry points whose
    /// settings come from the environment and the application's folder; null for explicit options, which no record
    /// could stamp); a cached module is found by <see cref="WarmLocator"/> from <paramref name="warmSettings"/> (read
    /// without System.Text.Json; null sends every question to the Summoner); anything else by the Summoner that
    /// <paramref name="summoner"/> makes, on first need. Entry points that know the module map already (generated
    /// code) pass it in the settings, so nothing is parsed twice.
    /// </summary>
    internal static void InstallResolveHook(Func<HookSettings?> warmSettings, Func<Summoner> summoner, WarmStart? start) =>
        AssemblyResolveHook.Install(new HookedResolver(warmSettings, summoner, start).Locate, start);

    /// <summary>
    /// Loads a module, fetching and installing it (and the modules it depends on) first if the cache does not hold it.
    /// </summary>
    /// <param name="module"><c>id</c> or <c>id@range</c>, with NuGet's range syntax: <c>acme.pdf@[1.2,2.0)</c>.</param>
    /// <param name="cancellationToken">Cancels the fetch; nothing partial is left in the cache.</param>
    /// <exception cref="SummonException">The module cannot be found, fetched, verified or loaded; the message says why and what to do.</exception>
    [SuppressMessage("ApiDesign", "RS0026", Justification = ProgressOverloads.Why)]
    public Task<ModuleHandle> ImportAsync(string module, CancellationToken cancellationToken = default) => ImportAsync(module, progress: null, cancellationToken);

    /// <summary>
    /// Loads a module, fetching and installing it (and the modules it depends on) first if the cache does not hold
    /// it, and reports how far the downloads have got.
    /// </summary>
    /// <param name="module"><c>id</c> or <c>id@range</c>, with NuGet's range syntax: <c>acme.pdf@[1.2,2.0)</c>.</param>
    /// <param name="progress">Receives the progress of the downloads, if there are any; nothing when the cache holds the module.</param>
    /// <param name="cancellationToken">Cancels the fetch; nothing partial is left in the cache.</param>
    /// <exception cref="SummonException">The module cannot be found, fetched, verified or loaded; the message says why and what to do.</exception>
    [SuppressMessage("ApiDesign", "RS0026", Justification = ProgressOverloads.Why)]
    public Task<ModuleHandle> ImportAsync(string module, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken = default) =>
        FromCacheOr(module, Load, async () => Load(await FindOrInstallTheFullWayAsync(module, progress, cancellationToken).ConfigureAwait(false)));

    /// <summary>
    /// Loads a module into a load context of its own (fetching it first if needed): two versions of one module can run
    /// side by side, and <see cref="ModuleHandle.Unload"/> lets it go. Assemblies the module shares with the application
    /// (its contracts) come from the application's context, so types passed between them match.
    /// </summary>
    /// <param name="module"><c>id</c> or <c>id@range</c>, e.g. <c>acme.pdf@[2.0.0]</c> for exactly 2.0.0.</param>
    /// <param name="cancellationToken">Cancels the fetch; nothing partial is left in the cache.</param>
    /// <exception cref="SummonException">The module cannot be found, fetched, verified or loaded.</exception>
    [SuppressMessage("ApiDesign", "RS0026", Justification = ProgressOverloads.Why)]
    public Task<ModuleHandle> ImportIsolatedAsync(string module, CancellationToken cancellationToken = default) => ImportIsolatedAsync(module, progress: null, cancellationToken);

    /// <summary>
    /// Loads a module into a load context of its own, as <see cref="ImportIsolatedAsync(string, CancellationToken)"/>
    /// does, and reports how far the downloads have got.
    /// </summary>
    /// <param name="module"><c>id</c> or <c>id@range</c>, e.g. <c>acme.pdf@[2.0.0]</c> for exactly 2.0.0.</param>
    /// <param name="progress">Receives the progress of the downloads, if there are any; nothing when the cache holds the module.</param>
    /// <param name="cancellationToken">Cancels the fetch; nothing partial is left in the cache.</param>
    /// <exception cref="SummonException">The module cannot be found, fetched, verified or loaded.</exception>
    [SuppressMessage("ApiDesign", "RS0026", Justification = ProgressOverloads.Why)]
    public Task<ModuleHandle> ImportIsolatedAsync(string module, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken = default) =>
        FromCacheOr(module, LoadIsolated, async () => LoadIsolated(await FindOrInstallTheFullWayAsync(module, progress, cancellationToken).ConfigureAwait(false)));

    private ModuleHandle LoadIsolated(InstalledModule installed)
    {
        var context = new ModuleLoadContext($"summon:{installed.Id}@{installed.Version}", installed.Directory, installed.Record.Assemblies);
        return new ModuleHandle(ModuleInfo.From(installed), context.LoadModuleAssemblies(), installed, this, context);
    }

    /// <summary>
    /// An import the cache answers without waiting for anything is done here and now, in a task already complete: no
    /// async state machine, whose generic start ReadyToRun cannot precompile, so a process's first import of a cached
    /// module compiles none. Anything else (a miss, a check the policy waits for) goes <paramref name="otherwise"/>.
    /// Failures end up in the task either way, as they would from an async method.
    /// </summary>
    private Task<ModuleHandle> FromCacheOr(string module, Func<InstalledModule, ModuleHandle> load, Func<Task<ModuleHandle>> otherwise)
    {
        try
        {
            return FindCachedWithoutWaiting(module) is { } cached ? Task.FromResult(load(cached)) : otherwise();
        }
        catch (Exception e)
        {
            return Task.FromException<ModuleHandle>(e);
        }
    }

    /// <summary>
    /// Makes sure a module (and the modules it depends on) is in the cache without loading it; with
    /// <paramref name="includeLazyFiles"/>, also the files it fetches on first use, for a machine about to go offline.
    /// </summary>
    /// <param name="module"><c>id</c> or <c>id@range</c>.</param>
    /// <param name="includeLazyFiles">Also fetch the files the module marks to be fetched on first use.</param>
    /// <param name="cancellationToken">Cancels the fetch; nothing partial is left in the cache.</param>
    /// <exception cref="SummonException">The module cannot be found, fetched or verified.</exception>
    [SuppressMessage("ApiDesign", "RS0026", Justification = ProgressOverloads.Why)]
    public Task<ModuleInfo> PrefetchAsync(string module, bool includeLazyFiles = false, CancellationToken cancellationToken = default) =>
        PrefetchAsync(module, includeLazyFiles, progress: null, cancellationToken);

    /// <summary>
    /// Makes sure a module (and the modules it depends on) is in the cache without loading it, as
    /// <see cref="PrefetchAsync(string, bool, CancellationToken)"/> does, and reports how far the downloads have got.
    /// </summary>
    /// <param name="module"><c>id</c> or <c>id@range</c>.</param>
    /// <param name="includeLazyFiles">Also fetch the files the module marks to be fetched on first use.</param>
    /// <param name="progress">Receives the progress of the downloads, if there are any; nothing when the cache holds everything.</param>
    /// <param name="cancellationToken">Cancels the fetch; nothing partial is left in the cache.</param>
    /// <exception cref="SummonException">The module cannot be found, fetched or verified.</exception>
    [SuppressMessage("ApiDesign", "RS0026", Justification = ProgressOverloads.Why)]
    public async Task<ModuleInfo> PrefetchAsync(string module, bool includeLazyFiles, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken = default)
    {
        var reporter = DownloadProgressReporter.For(progress);
        var installed = await FindOrInstallAsync(module, reporter, cancellationToken).ConfigureAwait(false);
        if (includeLazyFiles)
        {
            foreach (var lazy in installed.Record.LazyFiles)
            {
                await FetchLazyFileAsync(installed, lazy, reporter, cancellationToken).ConfigureAwait(false);
            }
        }
        return ModuleInfo.From(installed);
    }

    /// <summary>
    /// Asks the repository for the newest versions the application allows of each cached module (or of one), with
    /// their dependencies, and installs them; the next import loads them. Revoked versions are skipped. When the
    /// application has a lock file, it is moved to the new versions.
    /// </summary>
    /// <param name="moduleId">One module to update, or null for every cached module.</param>
    /// <param name="cancellationToken">Cancels the fetch; nothing partial is left in the cache.</param>
    /// <returns>The newest version of each module, now in the cache.</returns>
    /// <exception cref="SummonException">The repository cannot be reached, or refused verification.</exception>
    [SuppressMessage("ApiDesign", "RS0026", Justification = ProgressOverloads.Why)]
    public Task<IReadOnlyList<ModuleInfo>> UpdateAsync(string? moduleId = null, CancellationToken cancellationToken = default) =>
        UpdateAsync(moduleId, progress: null, cancellationToken);

    /// <summary>
    /// Installs the newest allowed versions of each cached module (or of one), as
    /// <see cref="UpdateAsync(string?, CancellationToken)"/> does, and reports how far the downloads have got.
    /// </summary>
    /// <param name="moduleId">One module to update, or null for every cached module.</param>
    /// <param name="progress">Receives the progress of the downloads, if there are any.</param>
    /// <param name="cancellationToken">Cancels the fetch; nothing partial is left in the cache.</param>
    /// <returns>The newest version of each module, now in the cache.</returns>
    /// <exception cref="SummonException">The repository cannot be reached, or refused verification.</exception>
    [SuppressMessage("ApiDesign", "RS0026", Justification = ProgressOverloads.Why)]
    public async Task<IReadOnlyList<ModuleInfo>> UpdateAsync(string? moduleId, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken = default)
    {
        RefuseOffline("update modules");
        var ids = moduleId is null
            ? store.ListInstalled().Select(m => m.Id).Concat(lockFile.Value?.Modules.Keys ?? []).Distinct(StringComparer.Ordinal).ToList()
            : [ModuleId.Validate(moduleId)];
        if (ids.Count == 0)
        {
            return [];
        }
        var installer = await GetInstallerAsync(cancellationToken).ConfigureAwait(false);
        var requirements = ApplicationRequirements(ids);
        var resolution = await installer.ResolveAsync(requirements, followLock: false, cancellationToken).ConfigureAwait(false);
        var installed = await installer.InstallAsync(resolution, followLock: false, cancellationToken, DownloadProgressReporter.For(progress)).ConfigureAwait(false);
        // The newest version in range may be one the publisher revoked and the update stepped back from: marked, the
        // next import skips it instead of loading it as the newest cached version.
        await MarkRevokedVersionsAsync(installer, ids, upgrade: false, cancellationToken).ConfigureAwait(false);
        store.RecordFreshnessCheck();
        if (lockFile.Value is not null && options.LockFilePath is { } lockPath)
        {
            (await installer.LockAsync(resolution, cancellationToken).ConfigureAwait(false)).Write(lockPath);
            options.Log?.Invoke($"summon: lock file {lockPath} moved to the new versions");
        }
        return ids.Where(installed.ContainsKey).Select(id => ModuleInfo.From(installed[id])).ToList();
    }

    /// <summary>Resolves the application's modules (its module map, or what the cache holds) and writes the lock file.</summary>
    internal async Task<LockFile> LockAsync(CancellationToken cancellationToken, IProgress<DownloadProgress>? progress = null)
    {
        RefuseOffline("write a lock file");
        var lockPath = options.LockFilePath ?? throw new SummonConfigurationException("No lock file path is set; pass --app with the application folder.");
        var ids = store.ListInstalled().Select(m => m.Id).Concat(lockFile.Value?.Modules.Keys ?? []).Distinct(StringComparer.Ordinal);
        var requirements = ApplicationRequirements(ids);
        if (requirements.Count == 0)
        {
            throw new SummonConfigurationException("The application names no modules (\"modules\" in summon.json) and the cache holds none, so there is nothing to lock.");
        }
        var installer = await GetInstallerAsync(cancellationToken).ConfigureAwait(false);
        var resolution = await installer.ResolveAsync(requirements, followLock: true, cancellationToken).ConfigureAwait(false);
        await installer.InstallAsync(resolution, followLock: true, cancellationToken, DownloadProgressReporter.For(progress)).ConfigureAwait(false);
        var written = await installer.LockAsync(resolution, cancellationToken).ConfigureAwait(false);
        written.Write(lockPath);
        return written;
    }

    /// <summary>The chain of requirements that brings a module into the application, for <c>summon why</c>.</summary>
    internal async Task<IReadOnlyList<string>> WhyAsync(string moduleId, CancellationToken cancellationToken)
    {
        ModuleId.Validate(moduleId);
        if (lockFile.Value?.Modules.GetValueOrDefault(moduleId) is { } locked)
        {
            return locked.Why;
        }
        var ids = store.ListInstalled().Select(m => m.Id).Distinct(StringComparer.Ordinal);
        var requirements = ApplicationRequirements(ids);
        if (requirements.Count == 0)
        {
            return [];
        }
        var installer = await GetInstallerAsync(cancellationToken).ConfigureAwait(false);
        var resolution = await installer.ResolveAsync(requirements, followLock: true, cancellationToken).ConfigureAwait(false);
        return resolution.Why(moduleId);
    }

    /// <summary>
    /// What the application requires: its module map, plus these modules at whatever version, except those that
    /// are in the cache only because another cached module depends on them (the solver brings them in again).
    /// </summary>
    private Dictionary<string, VersionRange> ApplicationRequirements(IEnumerable<string> moduleIds)
    {
        var requirements = assemblyMap.Values.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First().Range, StringComparer.Ordinal);
        var installed = store.ListInstalled().ToList();
        var dependedOn = installed.SelectMany(m => m.Record.Dependencies.Keys).ToHashSet(StringComparer.Ordinal);
        foreach (var id in moduleIds)
        {
            // A one-link chain in the lock ("the application requires …") marks a module the application asked for itself.
            if (!dependedOn.Contains(id) || lockFile.Value?.Modules.GetValueOrDefault(id)?.Why.Count == 1)
            {
                requirements.TryAdd(id, VersionRange.All);
            }
        }
        return requirements;
    }

    /// <summary>The module versions in the cache.</summary>
    public IReadOnlyList<ModuleInfo> ListCached() => store.ListInstalled().Select(ModuleInfo.From).ToList();

    /// <summary>
    /// Empties the cache. Processes already running keep the files they opened; their next import fetches again.
    /// </summary>
    public void ClearCache() => store.Clear();

    /// <summary>Re-hashes every cached file (<c>summon cache verify</c>); with <paramref name="repair"/>, damaged versions leave the cache.</summary>
    internal CacheVerification VerifyCache(bool repair) => CacheVerifier.Verify(store, repair);

    /// <summary>Removes versions unused for <paramref name="unusedFor"/> that the application's lock file does not name (<c>summon cache prune</c>).</summary>
    internal PruneResult PruneCache(TimeSpan unusedFor) =>
        CachePruner.Prune(store, unusedFor, IsLocked);

    private bool IsLocked(string moduleId, string version) => lockFile.Value?.Modules.GetValueOrDefault(moduleId)?.Version.ToNormalizedString() == version;

    /// <inheritdoc/>
    public void Dispose()
    {
        if (fetcher.IsValueCreated)
        {
            fetcher.Value.Dispose();
        }
        repositoryGate?.Dispose();
    }

    /// <summary>
    /// The resolve hook's question: where is this assembly? The cache answers without the network; only a true
    /// miss goes to the repository, on the thread pool so a caller's synchronization context is never needed.
    /// </summary>
    /// <param name="assemblyName">The simple name.</param>
    internal string? LocateAssembly(string assemblyName)
    {
        if (AssemblyPaths.TryGetValue(assemblyName, out var known))
        {
            return known;
        }
        ModuleRequest? request = assemblyMap.TryGetValue(assemblyName, out var mapped) ? mapped : null;
        if (request is null && cacheLayers.LookupAssemblyProvider(assemblyName) is { } cachedProvider && ModuleId.IsValid(cachedProvider))
        {
            request = new ModuleRequest(cachedProvider, VersionRange.All);
        }
        // A module map names the modules the application uses, not the modules those depend on: their assemblies come
        // from the cache's index (installed with the module that needs them). Anything else is not Summon's to fetch.
        if (request is null && assemblyMap.Count > 0)
        {
            return null;
        }
        var installed = request is null ? null : FindCached(request);
        if (installed is not null)
        {
            SummonCounters.CacheHit();
        }
        if (installed is not null && request is not null && options.Freshness != FreshnessPolicy.Never)
        {
            installed = options.Freshness == FreshnessPolicy.Always
                ? RunBounded(async ct =>
                {
                    await CheckFreshnessAsync(installed, ct).ConfigureAwait(false);
                    return FindCached(request) ?? installed;
                })
                : StartBackgroundFreshnessCheckIfDue(installed);
        }
        if (installed is null)
        {
            if (UnknownAssemblies.ContainsKey(assemblyName))
            {
                return null;
            }
            installed = RunBounded(ct => InstallProviderAsync(assemblyName, request, ct));
            if (installed is null)
            {
                UnknownAssemblies[assemblyName] = true;
                return null;
            }
        }
        Register(installed);
        return AssemblyPaths.TryGetValue(assemblyName, out var path) ? path : null;
    }

    private async Task<InstalledModule?> InstallProviderAsync(string assemblyName, ModuleRequest? request, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            // Without a repository Summon provides nothing it has not cached: the miss is the runtime's to report,
            // not a configuration error raised for every assembly an application merely probes for.
            if (options.Offline || options.Repository is null)
            {
                return null;
            }
            var client = await GetRepositoryAsync(cancellationToken).ConfigureAwait(false);
            var provider = await RepositoryErrors.WrapAsync(options, () => client.FindAssemblyProviderAsync(assemblyName, cancellationToken), $"the module that provides {assemblyName}").ConfigureAwait(false);
            if (provider is null)
            {
                return null;
            }
            request = new ModuleRequest(provider, VersionRange.All);
        }
        var console = options.ShowProgress ? ConsoleProgress.StandardError() : null;
        try
        {
            return await EnsureInstalledAsync(request, preferCache: true, DownloadProgressReporter.For(console), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // A fetch that fails mid-way must not leave the error message to be written at the end of the progress line.
            console?.EndLine();
        }
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

    /// <summary>
    /// The installed version a request gets: the lock's if the application has one, else the newest installed one in
    /// range whose files are intact. A version marked revoked is skipped or refused, as policy says.
    /// </summary>
    private InstalledModule? FindCached(ModuleRequest request)
    {
        var locked = lockFile.Value?.Modules.GetValueOrDefault(request.Id);
        var versions = cacheLayers.InstalledVersions(request.Id)
            .Select(v => NuGetVersion.TryParseStrict(v, out var parsed) ? parsed : null)
            .OfType<NuGetVersion>()
            .Where(v => locked is null || v == locked.Version)
            .ToList();
        while (request.Choose(versions) is { } best)
        {
            versions.Remove(best);
            var versionText = best.ToNormalizedString();
            var installed = cacheLayers.FindIntact(request.Id, versionText, out var reason);
            if (installed is null)
            {
                continue;
            }
            if (reason is not null)
            {
                if (options.RevokedVersions == RevokedVersionPolicy.Refuse || locked is not null)
                {
                    throw new ModuleRevokedException(request.Id, versionText, reason,
                        $"Module {request.Id} {versionText} was revoked by its publisher: {reason}. It will not be loaded. Run `summon update {request.Id}` to move to a version that is not revoked.");
                }
                continue;
            }
            cacheLayers.MarkUsed(installed);
            return installed;
        }
        return null;
    }

    /// <summary>
    /// A request as the API takes it: a cache hit the <see cref="WarmLocator"/> can answer is taken without parsing the
    /// request with NuGet.Versioning, which a first import would otherwise load and compile; anything else goes the
    /// full way, which gives the same answer for what the warm locator answers.
    /// </summary>
    private async Task<InstalledModule> FindOrInstallAsync(string module, DownloadProgressReporter? progress, CancellationToken cancellationToken) =>
        FindCachedWithoutWaiting(module)
        ?? await EnsureInstalledAsync(ModuleRequest.Parse(module), preferCache: true, progress, cancellationToken).ConfigureAwait(false);

    /// <summary>What an import does once <see cref="FromCacheOr"/> has found the warm locator cannot answer: the full way, without asking it again.</summary>
    private Task<InstalledModule> FindOrInstallTheFullWayAsync(string module, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken) =>
        EnsureInstalledAsync(ModuleRequest.Parse(module), preferCache: true, DownloadProgressReporter.For(progress), cancellationToken);

    /// <summary>
    /// The cached module a request loads, when the <see cref="WarmLocator"/> can answer and the freshness policy does not
    /// make the import wait (it answers nothing under <see cref="FreshnessPolicy.Always"/>): an interval's check is
    /// started in the background, as <see cref="CheckFreshnessAsync"/> would.
    /// </summary>
    private InstalledModule? FindCachedWithoutWaiting(string module)
    {
        if ((warmLocator ??= new WarmLocator(HookSettings.From(options), cacheLayers)).FindModule(module) is not { } cached)
        {
            return null;
        }
        SummonCounters.CacheHit();
        return options.Freshness == FreshnessPolicy.Interval ? StartBackgroundFreshnessCheckIfDue(cached) : cached;
    }

    private async Task<InstalledModule> EnsureInstalledAsync(ModuleRequest request, bool preferCache, DownloadProgressReporter? progress, CancellationToken cancellationToken)
    {
        if (preferCache && FindCached(request) is { } cached)
        {
            // A hit only bumps the counters: the instruments (whose creation loads two assemblies and tens of methods)
            // wait for the first fetch, and their observable counters report every hit counted before them.
            SummonCounters.CacheHit();
            await CheckFreshnessAsync(cached, cancellationToken).ConfigureAwait(false);
            // Only a check that ran to completion (Always) can have marked the version revoked or installed another:
            // otherwise the cache is not looked at twice.
            return options.Freshness == FreshnessPolicy.Always ? FindCached(request) ?? cached : cached;
        }
        SummonTelemetry.Start();
        SummonCounters.CacheMiss();
        RefuseOffline($"fetch module {request}", $"It is not in the cache ({store.Root}). Run `summon prefetch {request}` while online.");
        var gate = InstallGates.GetOrAdd(request.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (preferCache && FindCached(request) is { } installedMeanwhile)
            {
                return installedMeanwhile;
            }
            var installer = await GetInstallerAsync(cancellationToken).ConfigureAwait(false);
            var requirements = new Dictionary<string, VersionRange>(StringComparer.Ordinal) { [request.Id] = request.Range };
            var resolution = await installer.ResolveAsync(requirements, followLock: true, cancellationToken).ConfigureAwait(false);
            var installed = await installer.InstallAsync(resolution, followLock: true, cancellationToken, progress).ConfigureAwait(false);
            // The install just read fresh signed metadata, revocations included: the next check is not due for an interval.
            store.RecordFreshnessCheck();
            return installed[request.Id];
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Asks the repository, as the freshness policy says, whether cached modules were revoked; marks them in the
    /// cache and, under <see cref="RevokedVersionPolicy.Upgrade"/>, installs the newest allowed version that is not.
    /// Never keeps a cached module from loading: a failure to reach the repository is logged, not thrown.
    /// </summary>
    private async Task CheckFreshnessAsync(InstalledModule loading, CancellationToken cancellationToken)
    {
        if (options.Offline || options.Repository is null || !options.HasTrustedRoot)
        {
            return;
        }
        switch (options.Freshness)
        {
            case FreshnessPolicy.Always:
                await RunFreshnessCheckAsync([loading.Id], cancellationToken).ConfigureAwait(false);
                break;
            case FreshnessPolicy.Interval:
                StartBackgroundFreshnessCheckIfDue(loading);
                break;
        }
    }

    /// <summary>Under <see cref="FreshnessPolicy.Interval"/>: one stat, and at most once a process a check on the thread pool.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(loading))]
    private InstalledModule? StartBackgroundFreshnessCheckIfDue(InstalledModule? loading, bool graceAtExit = true)
    {
        if (options.Repository is not null && options.HasTrustedRoot && !options.Offline
            && DateTime.UtcNow - store.LastFreshnessCheckUtc >= options.FreshnessInterval
            && Interlocked.Exchange(ref freshnessCheckStarted, 1) == 0)
        {
            BackgroundFreshnessCheck = Task.Run(() => RunFreshnessCheckAsync(
                store.ListInstalled().Select(m => m.Id).Distinct(StringComparer.Ordinal).ToList(), CancellationToken.None), CancellationToken.None);
            if (graceAtExit)
            {
                HookedResolver.GiveAMomentAtExit(BackgroundFreshnessCheck);
            }
        }
        return loading;
    }

    /// <summary>Starts the freshness check the policy calls for, if due, on the thread pool; for the hook's warm path.</summary>
    internal void StartFreshnessCheckIfDue()
    {
        if (options.Freshness == FreshnessPolicy.Interval)
        {
            // The hook's caller already gives the whole check (the Summoner's construction included) its moment at exit.
            StartBackgroundFreshnessCheckIfDue(null, graceAtExit: false);
        }
    }

    /// <summary>The automatic pruning this summoner started (<see cref="SummonOptions.PruneUnusedAfter"/>), if it was due; tests wait for it.</summary>
    internal Task BackgroundPrune { get; } = Task.CompletedTask;

    /// <summary>The background freshness check this process started, if any; tests wait for it.</summary>
    internal Task BackgroundFreshnessCheck { get; private set; } = Task.CompletedTask;

    private async Task RunFreshnessCheckAsync(IReadOnlyList<string> moduleIds, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ImportTimeout);
        try
        {
            var installer = await GetInstallerAsync(timeout.Token).ConfigureAwait(false);
            await MarkRevokedVersionsAsync(installer, moduleIds, upgrade: options.RevokedVersions == RevokedVersionPolicy.Upgrade && lockFile.Value is null, timeout.Token).ConfigureAwait(false);
            store.RecordFreshnessCheck();
        }
        catch (Exception e) when (e is SummonException or OperationCanceledException or IOException)
        {
            options.Log?.Invoke($"summon: could not check the repository for revoked modules ({e.Message}); using the cached modules");
        }
    }

    /// <summary>
    /// Marks the cached versions of these modules that their publishers revoked; with <paramref name="upgrade"/>, installs
    /// for each the newest version the application allows that is not revoked.
    /// </summary>
    private async Task MarkRevokedVersionsAsync(ModuleInstaller installer, IReadOnlyList<string> moduleIds, bool upgrade, CancellationToken cancellationToken)
    {
        foreach (var id in moduleIds)
        {
            foreach (var revoked in await installer.RevokedVersionsAsync(id, cancellationToken).ConfigureAwait(false))
            {
                var version = revoked.Version.ToNormalizedString();
                if (store.TryGetInstalled(id, version) is null || store.RevokedReason(id, version) is not null)
                {
                    continue;
                }
                store.MarkRevoked(id, version, revoked.RevokedReason!);
                options.Log?.Invoke($"summon: {id} {version} was revoked by its publisher: {revoked.RevokedReason}");
                if (upgrade)
                {
                    var range = assemblyMap.Values.FirstOrDefault(r => r.Id == id)?.Range
                        ?? new VersionRange(new NuGetVersion(revoked.Version.Major, 0, 0), true, new NuGetVersion(revoked.Version.Major + 1, 0, 0), false);
                    var requirements = new Dictionary<string, VersionRange>(StringComparer.Ordinal) { [id] = range };
                    var resolution = await installer.ResolveAsync(requirements, followLock: false, cancellationToken).ConfigureAwait(false);
                    var replacement = (await installer.InstallAsync(resolution, followLock: false, cancellationToken).ConfigureAwait(false))[id];
                    options.Log?.Invoke($"summon: moved {id} from {version} to {replacement.Version}, the newest version in {range.PrettyPrint()} that is not revoked");
                }
            }
        }
    }

    /// <summary>Fetches a lazy file of an installed module the first time it is asked for.</summary>
    internal async Task<string> FetchLazyFileAsync(InstalledModule installed, RecordedFile lazy, DownloadProgressReporter? progress, CancellationToken cancellationToken)
    {
        var path = installed.PathOf(lazy.RelativePath);
        var existing = new FileInfo(path);
        if (existing.Exists && existing.Length == lazy.Length)
        {
            return path;
        }
        RefuseOffline($"fetch {lazy.RelativePath} of module {installed.Id} {installed.Version}",
            $"The module fetches it on first use. Run `summon prefetch {installed.Id}@[{installed.Version}] --all-files` while online.");
        var installer = await GetInstallerAsync(cancellationToken).ConfigureAwait(false);
        return await installer.FetchLazyFileAsync(installed, lazy, cancellationToken, progress).ConfigureAwait(false);
    }

    private void RefuseOffline(string what, string? detail = null)
    {
        if (options.Offline)
        {
            throw new RepositoryUnavailableException(options.Repository?.ToString() ?? "",
                $"Summon is offline (SUMMON_OFFLINE or SummonOptions.Offline), so it cannot {what}. {detail ?? "Run it again while online."}");
        }
    }

    private ModuleHandle Load(InstalledModule installed)
    {
        Register(installed);
        var assemblies = new List<Assembly>(installed.Record.Assemblies.Count);
        foreach (var (assembly, path) in installed.Record.Assemblies)
        {
            assemblies.Add(ModuleLoader.Load(assembly, installed.PathOf(path)));
        }
        return new ModuleHandle(ModuleInfo.From(installed), assemblies, installed, this);
    }

    private ConcurrentDictionary<string, string> AssemblyPaths => LazyInitializer.EnsureInitialized(ref assemblyPaths, () => new(StringComparer.OrdinalIgnoreCase));

    private ConcurrentDictionary<string, bool> UnknownAssemblies => LazyInitializer.EnsureInitialized(ref unknownAssemblies, () => new(StringComparer.OrdinalIgnoreCase));

    private ConcurrentDictionary<string, SemaphoreSlim> InstallGates => LazyInitializer.EnsureInitialized(ref installGates, () => new(StringComparer.Ordinal));

    private SemaphoreSlim RepositoryGate => LazyInitializer.EnsureInitialized(ref repositoryGate, () => new SemaphoreSlim(1, 1));

    private void Register(InstalledModule installed)
    {
        NativeLibraryHook.Install(assembly => !assembly.IsDynamic && cacheLayers.Contains(assembly.Location));
        foreach (var (assembly, path) in installed.Record.Assemblies)
        {
            AssemblyPaths.TryAdd(assembly, installed.PathOf(path));
        }
    }

    private async Task<ModuleInstaller> GetInstallerAsync(CancellationToken cancellationToken) =>
        new(options, store, await GetRepositoryAsync(cancellationToken).ConfigureAwait(false), lockFile.Value);

    private async Task<RepositoryClient> GetRepositoryAsync(CancellationToken cancellationToken)
    {
        var gate = RepositoryGate;
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
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
                AtomicFile.Write(cachedRoot, trustedRoot);
            }
            return repository = new RepositoryClient(url, metadataDirectory, MirroredFetcher.Over(url, options.Mirrors, fetcher.Value));
        }
        finally
        {
            gate.Release();
        }
    }

    private byte[] ReadTrustedRoot()
    {
        if (options.TrustedRootPath is null && options.EmbeddedTrustedRoot is { } embedded)
        {
            return embedded;
        }
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
}
