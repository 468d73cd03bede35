using Summon.Cache;
using Summon.Modules;

namespace Summon.Loading;

/// <summary>What <see cref="WarmLocator"/> could tell about an assembly.</summary>
internal enum WarmAnswer
{
    /// <summary>A cached module provides it; the path is its file.</summary>
    Found,

    /// <summary>The application's module map does not name it: Summon provides nothing for it.</summary>
    NotProvided,

    /// <summary>Not decided here (a miss, a revoked or damaged version, a range NuGet must read): ask the full <see cref="Summoner"/>.</summary>
    AskSummoner,
}

/// <summary>
/// The resolve hook's path for a module that is already cached: a handful of stats and two small text files, without
/// System.Text.Json, NuGet.Versioning or a <see cref="Summoner"/>, whose construction and first use cost a process
/// tens of milliseconds of loading and JIT. It answers only when the answer is certain to be what
/// <see cref="Summoner"/> would give: the newest installed version in range (the lock's, if the lock names the module)
/// whose files keep their recorded size and time, not marked revoked, from the shared layer first. Everything else
/// (misses, revoked or damaged versions, floating or prerelease ranges, <see cref="FreshnessPolicy.Always"/>) is
/// <see cref="WarmAnswer.AskSummoner"/>.
/// </summary>
internal sealed class WarmLocator
{
    private readonly HookSettings settings;
    private readonly CacheLayers? layers;
    private readonly WarmStart? start;
    private readonly Dictionary<string, string> located = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> askedDirectly = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<string, object?>? lockedModules;
    private bool lockRead;
    private bool lockUnreadable;

    /// <summary>For the <see cref="Summoner"/>'s own imports: the caches it already resolved and checked.</summary>
    public WarmLocator(HookSettings settings, CacheLayers layers) => (this.settings, this.layers) = (settings, layers);

    /// <param name="settings">What the resolve hook read.</param>
    /// <param name="start">Where to record each answer for the next process's <see cref="WarmStart"/>; null to record nothing.</param>
    /// <exception cref="SummonConfigurationException">A cache another user can write to (as the <see cref="Summoner"/> refuses it).</exception>
    public WarmLocator(HookSettings settings, WarmStart? start = null)
    {
        (this.settings, this.start) = (settings, start);
        var root = CacheLocation.Resolve(settings.CacheDirectory);
        if (!CachePermissions.RequirePrivate(root))
        {
            // Nothing cached yet (or a home where the cache cannot be made): the Summoner decides where to install.
            return;
        }
        ModuleStore? shared = null;
        if (settings.SharedCacheDirectory is { Length: > 0 } sharedRoot)
        {
            shared = new ModuleStore(Path.GetFullPath(sharedRoot));
            CachePermissions.RequireNotWorldWritable(shared.Root);
        }
        layers = new CacheLayers(new ModuleStore(root), shared);
    }

    /// <summary>Whether the cache existed (and was private) when this locator was made; one that had none never answers.</summary>
    public bool HasCache => layers is not null;

    /// <summary>
    /// Whether the freshness policy wants the repository asked (in the background) now: two stats of the cache's stamp,
    /// so the hook asks only until it has started a check, and the Summoner, which keeps its own rule, never.
    /// </summary>
    public bool IsFreshnessCheckDue() =>
        layers is not null && settings.Freshness == FreshnessPolicy.Interval && settings.CanCheckFreshness
        && DateTime.UtcNow - layers.User.LastFreshnessCheckUtc >= settings.FreshnessInterval;

    public WarmAnswer Locate(string assemblyName, out string? path)
    {
        lock (located)
        {
            // An assembly found through another's module is asked about again until it has a record of its own.
            if (located.TryGetValue(assemblyName, out path) && (start is null || askedDirectly.Contains(assemblyName)))
            {
                return WarmAnswer.Found;
            }
        }
        if (layers is null || settings.Freshness == FreshnessPolicy.Always)
        {
            return WarmAnswer.AskSummoner;
        }
        // The module map names the modules the application uses; their dependencies' assemblies are found, as without
        // a map, through the cache's index.
        var fromIndex = false;
        if (!settings.AssemblyModules.TryGetValue(assemblyName, out var request))
        {
            if ((request = layers.LookupAssemblyProvider(assemblyName)) is null)
            {
                return settings.AssemblyModules.Count > 0 ? WarmAnswer.NotProvided : WarmAnswer.AskSummoner;
            }
            fromIndex = true;
        }
        if (FindModule(request) is not { } installed)
        {
            return WarmAnswer.AskSummoner;
        }
        if (installed.Record.MayHoldNativeLibraries())
        {
            var loaded = layers;
            NativeLibraryHook.Install(assembly => !assembly.IsDynamic && loaded.Contains(assembly.Location));
        }
        lock (located)
        {
            string? ownPath = null;
            foreach (var (assembly, relative) in installed.Record.Assemblies)
            {
                located.TryAdd(assembly, installed.PathOf(relative));
                if (string.Equals(assembly, assemblyName, StringComparison.OrdinalIgnoreCase))
                {
                    ownPath = installed.PathOf(relative);
                }
            }
            if (!located.TryGetValue(assemblyName, out path))
            {
                return WarmAnswer.AskSummoner;
            }
            askedDirectly.Add(assemblyName);
            if (ownPath != path)
            {
                // This process keeps the file it found first through another module; only an answer this module gives is recorded.
                return WarmAnswer.Found;
            }
        }
        Record(assemblyName, path, installed, fromIndex);
        return WarmAnswer.Found;
    }

    /// <summary>
    /// Leaves the answer for the next process's <see cref="WarmStart"/>, stamped with every path it was read from, when
    /// that reader would look in this cache and see all of it: one per-user layer at the root it resolves, modules
    /// without native libraries (whose fallback this locator installs). Valid until the next freshness check is due, and
    /// for a day at most, so a locator runs, and records use for pruning, at least daily.
    /// </summary>
    private void Record(string assemblyName, string path, InstalledModule installed, bool fromIndex)
    {
        if (start is null || layers is not { Shared: null } || settings.ConfigFilePath is not { } configFile || settings.LockFilePath is not { } lockFile
            || installed.Record.MayHoldNativeLibraries() || !string.Equals(start.Root, layers.User.Root, StringComparison.Ordinal))
        {
            return;
        }
        var until = DateTime.UtcNow.AddDays(1);
        if (settings.Freshness == FreshnessPolicy.Interval && settings.CanCheckFreshness && layers.User.LastFreshnessCheckUtc + settings.FreshnessInterval is var due && due < until)
        {
            until = due;
        }
        string[] dependsOn = fromIndex
            ? [configFile, lockFile, Path.GetDirectoryName(installed.Directory)!, installed.Directory, layers.User.AssemblyIndexEntry(assemblyName)]
            : [configFile, lockFile, Path.GetDirectoryName(installed.Directory)!, installed.Directory];
        WarmStartRecord.TryWrite(start, assemblyName, path, installed, dependsOn, until);
    }

    /// <summary>
    /// The cached module a request (<c>id</c> or <c>id@range</c>) loads, marked used, when the answer is certain to be
    /// the <see cref="Summoner"/>'s; null when only the Summoner can tell (see the class summary).
    /// </summary>
    public InstalledModule? FindModule(string request)
    {
        if (layers is null || settings.Freshness == FreshnessPolicy.Always)
        {
            return null;
        }
        var at = request.IndexOf('@');
        var id = (at < 0 ? request : request[..at]).Trim();
        if (!ModuleId.IsValid(id) || PlainVersions.TryParseRange(at < 0 ? null : request[(at + 1)..]) is not { } range
            || !TryLockedVersion(id, out var locked))
        {
            return null;
        }
        var (best, bestName) = ((Version?)null, (string?)null);
        foreach (var name in layers.InstalledVersions(id))
        {
            if (PlainVersions.TryParseExact(name) is not { } version)
            {
                return null;
            }
            if (range.Contains(version) && (locked is null || version == locked) && (best is null || version > best))
            {
                (best, bestName) = (version, name);
            }
        }
        if (bestName is null || layers.FindIntact(id, bestName, out var revoked) is not { } installed || revoked is not null)
        {
            return null;
        }
        layers.MarkUsed(installed);
        return installed;
    }

    /// <summary>
    /// The version the lock file pins <paramref name="id"/> to (null when there is no lock or it does not name the
    /// module); false when the lock cannot be read here, so the Summoner reads it (and reports what is wrong).
    /// </summary>
    private bool TryLockedVersion(string id, out Version? locked)
    {
        locked = null;
        lock (located)
        {
            if (!lockRead)
            {
                lockUnreadable = settings.LockFilePath is { } path && File.Exists(path) && (lockedModules = ReadLock(path)) is null;
                lockRead = true;
            }
        }
        if (lockUnreadable)
        {
            return false;
        }
        if (lockedModules is null || !lockedModules.TryGetValue(id, out var entry))
        {
            return true;
        }
        locked = PlainVersions.TryParseExact((string)((Dictionary<string, object?>)entry!)["version"]!);
        return locked is not null;
    }

    /// <summary>The lock's modules, checked as <see cref="LockFile.TryRead"/> checks them; null if any check fails.</summary>
    private static Dictionary<string, object?>? ReadLock(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        if (PlainJson.TryParseObject(text, lenient: false) is not { } root
            || !root.TryGetValue("lockVersion", out var format) || format is not 1L
            || !root.TryGetValue("modules", out var modulesValue) || modulesValue is not Dictionary<string, object?> modules)
        {
            return null;
        }
        foreach (var (id, entry) in modules)
        {
            if (!ModuleId.IsValid(id) || entry is not Dictionary<string, object?> fields
                || !fields.TryGetValue("version", out var version) || version is not string
                || !fields.TryGetValue("manifest", out var manifest) || manifest is not string
                || (fields.TryGetValue("why", out var why) && why is List<object?> chain && !chain.TrueForAll(w => w is string or null)))
            {
                return null;
            }
        }
        return modules;
    }
}
