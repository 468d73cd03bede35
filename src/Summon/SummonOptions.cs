namespace Summon;

/// <summary>
/// How an application reaches its modules: the repository, the trusted root it starts from, and the cache.
/// <see cref="Load"/> fills these from <c>summon.json</c> beside the application and from environment
/// variables; code can set them directly.
/// </summary>
public sealed class SummonOptions
{
    /// <summary>The name of the configuration file read from the application's folder.</summary>
    public const string ConfigFileName = "summon.json";

    /// <summary>The repository's base URL (the folder that holds <c>metadata/</c> and <c>targets/</c>).</summary>
    public Uri? Repository { get; set; }

    /// <summary>
    /// The repository's initial trusted root metadata (<c>root.json</c>), shipped with the application.
    /// Every later root is verified against it.
    /// </summary>
    public string? TrustedRootPath { get; set; }

    /// <summary>The cache folder; by default the per-user cache folder of the operating system.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>
    /// A read-only cache prepared for every user of the machine (e.g. by an administrator with
    /// <c>SUMMON_CACHE_DIR=&lt;folder&gt; summon prefetch …</c>), looked in before the per-user cache and never written.
    /// It must not be writable by every user. Default: <c>SUMMON_SHARED_CACHE</c>, else none.
    /// </summary>
    public string? SharedCacheDirectory { get; set; }

    /// <summary>Never touch the network: load cached modules, fail fast for the rest.</summary>
    public bool Offline { get; set; }

    /// <summary>How long one import may take in all before it fails. Default: two minutes.</summary>
    public TimeSpan ImportTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Other base URLs that hold copies of <see cref="Repository"/>, in order of preference. When the repository
    /// fails (unreachable, errors, or a file it does not have) each file is asked of the mirrors in turn, and a
    /// mirror that failed is tried last for the rest of the process. Mirrors need no trust of their own: whatever
    /// one serves is verified against the repository's signed metadata like anything else. Default: none.
    /// </summary>
    public IList<Uri> Mirrors { get; } = new List<Uri>();

    /// <summary>
    /// Which module provides an assembly: assembly name to <c>id</c> or <c>id@range</c>. When this map is not
    /// empty, the resolve hook acts only for the assemblies it names; when it is empty, the hook asks the
    /// cache and then the repository about any assembly the runtime cannot find.
    /// </summary>
    public IDictionary<string, string> AssemblyModules { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The application's lock file (<c>summon.lock.json</c>): when it exists, the application gets exactly the versions
    /// it names. <see cref="Load"/> points it beside <c>summon.json</c>.
    /// </summary>
    public string? LockFilePath { get; set; }

    /// <summary>Refuse to resolve any module the lock file does not name (<c>SUMMON_LOCKED=1</c>).</summary>
    public bool Locked { get; set; }

    /// <summary>When to ask the repository whether cached modules were revoked. Default: <see cref="FreshnessPolicy.Interval"/>.</summary>
    public FreshnessPolicy Freshness { get; set; } = FreshnessPolicy.Interval;

    /// <summary>How often <see cref="FreshnessPolicy.Interval"/> checks. Default: 24 hours.</summary>
    public TimeSpan FreshnessInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>What to do with a cached version its publisher revoked. Default: <see cref="RevokedVersionPolicy.Upgrade"/>.</summary>
    public RevokedVersionPolicy RevokedVersions { get; set; } = RevokedVersionPolicy.Upgrade;

    /// <summary>
    /// When set, removes cached versions not loaded for this long (and not named by the lock file), on the thread pool,
    /// at most once a day per cache, as <c>summon cache prune --older-than</c> does. Default: null, never automatically.
    /// </summary>
    public TimeSpan? PruneUnusedAfter { get; set; }

    /// <summary>The trusted root the build embedded in the application; <see cref="TrustedRootPath"/>, when set, wins.</summary>
    internal byte[]? EmbeddedTrustedRoot { get; set; }

    internal bool HasTrustedRoot => TrustedRootPath is not null || EmbeddedTrustedRoot is not null;

    /// <summary>
    /// Where Summon's HTTP requests go through instead of its own handler: for a proxy, client certificates, or
    /// <c>IHttpClientFactory</c> (<c>() =&gt; factory.CreateHandler("Summon")</c>). Summon asks for a handler for each
    /// request and never disposes it, so return a long-lived or pooled one. Summon keeps its own timeouts, retries,
    /// byte caps and redirect policy; the handler should not follow redirects itself (a redirect it followed from
    /// https to http is refused). Default: null, Summon's own handler.
    /// </summary>
    public Func<HttpMessageHandler>? HttpMessageHandlerFactory { get; set; }

    /// <summary>
    /// Writes the progress of a first fetch by the resolve hook to standard error: one line rewritten in place on a
    /// terminal, a few plain lines when standard error is redirected. For console applications; off by default.
    /// <see cref="Load"/> reads <c>"progress": true</c> from <c>summon.json</c> and <c>SUMMON_PROGRESS=1</c>.
    /// </summary>
    public bool ShowProgress { get; set; }

    /// <summary>Receives one line for each thing Summon does that costs time (fetches, installs).</summary>
    public Action<string>? Log { get; set; }

    /// <summary>
    /// Reads options from <c>summon.json</c> in <paramref name="applicationDirectory"/> (default: the
    /// application's base directory), then lets environment variables override them:
    /// <c>SUMMON_REPOSITORY</c>, <c>SUMMON_TRUSTED_ROOT</c>, <c>SUMMON_CACHE_DIR</c>, <c>SUMMON_SHARED_CACHE</c>, <c>SUMMON_OFFLINE=1</c>, <c>SUMMON_LOCKED=1</c>, <c>SUMMON_PROGRESS=1</c>.
    /// A relative trusted root path is relative to the configuration file.
    /// </summary>
    /// <exception cref="SummonConfigurationException">The file or a variable holds a value Summon cannot use.</exception>
    public static SummonOptions Load(string? applicationDirectory = null) => LoadOver(applicationDirectory, builtIn: null);

    /// <summary>As <see cref="Load"/>, over defaults the build put in the application (the lowest precedence).</summary>
    internal static SummonOptions LoadOver(string? applicationDirectory, Action<SummonOptions>? builtIn)
    {
        var directory = applicationDirectory ?? AppContext.BaseDirectory;
        var options = new SummonOptions { LockFilePath = Path.Combine(directory, Modules.LockFile.FileName) };
        builtIn?.Invoke(options);
        ConfigFile.ApplyIfPresent(Path.Combine(directory, ConfigFileName), options);
        ConfigFile.ApplyEnvironment(options, Environment.GetEnvironmentVariable);
        return options;
    }
}
