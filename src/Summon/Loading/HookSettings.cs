namespace Summon.Loading;

/// <summary>
/// The part of <see cref="SummonOptions"/> the resolve hook needs to load a cached module, read without
/// System.Text.Json (see <see cref="PlainJson"/>): where the caches are, which module provides which assembly, the lock
/// file, and whether a freshness check could run. The repository URL and trusted root are only noted as present: a
/// cached load never uses them, and the full options (read on the first import that needs more) check them.
/// </summary>
internal sealed class HookSettings
{
    public string? CacheDirectory { get; private init; }

    public string? SharedCacheDirectory { get; private init; }

    /// <summary>Assembly name to <c>id</c> or <c>id@range</c>, as <see cref="SummonOptions.AssemblyModules"/>.</summary>
    public required IReadOnlyDictionary<string, string> AssemblyModules { get; init; }

    public string? LockFilePath { get; private init; }

    /// <summary>The <c>summon.json</c> these settings were read from (or found absent); null when they came from options.</summary>
    public string? ConfigFilePath { get; private init; }

    public FreshnessPolicy Freshness { get; private init; }

    public TimeSpan FreshnessInterval { get; private init; }

    /// <summary>A repository and a trusted root are configured and Summon is not offline.</summary>
    public bool CanCheckFreshness { get; private init; }

    public static HookSettings From(SummonOptions options) => new()
    {
        CacheDirectory = options.CacheDirectory,
        SharedCacheDirectory = options.SharedCacheDirectory,
        AssemblyModules = new Dictionary<string, string>(options.AssemblyModules, StringComparer.OrdinalIgnoreCase),
        LockFilePath = options.LockFilePath,
        Freshness = options.Freshness,
        FreshnessInterval = options.FreshnessInterval,
        CanCheckFreshness = options.Repository is not null && options.TrustedRootPath is not null && !options.Offline,
    };

    /// <summary>
    /// What <see cref="SummonOptions.Load"/> would read from <c>summon.json</c> in <paramref name="applicationDirectory"/>
    /// and the environment, on top of what the build embedded (<paramref name="builtInModules"/>, and whether it embedded
    /// a repository with its trusted root). Null when the file holds anything this reader is not sure of: the full
    /// options are read then, and say what is wrong.
    /// </summary>
    public static HookSettings? Load(string? applicationDirectory = null, IEnumerable<KeyValuePair<string, string>>? builtInModules = null, bool builtInRepository = false)
    {
        var directory = applicationDirectory ?? AppContext.BaseDirectory;
        var modules = builtInModules is null
            ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(builtInModules, StringComparer.OrdinalIgnoreCase);
        var (repository, trustedRoot, offline) = (builtInRepository, builtInRepository, false);
        string? cacheDirectory = null;
        var freshness = FreshnessPolicy.Interval;
        var interval = TimeSpan.FromHours(24);

        var path = Path.Combine(directory, SummonOptions.ConfigFileName);
        if (File.Exists(path))
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
            if (PlainJson.TryParseObject(text, lenient: true) is not { } root)
            {
                return null;
            }
            foreach (var (key, value) in root)
            {
                if (value is null)
                {
                    continue;
                }
                switch (key)
                {
                    case "repository" when value is string:
                        repository = true;
                        break;
                    case "trustedRoot" when value is string:
                        trustedRoot = true;
                        break;
                    case "cacheDirectory" when value is string cache:
                        cacheDirectory = cache;
                        break;
                    case "offline" when value is bool isOffline:
                        offline = isOffline;
                        break;
                    case "freshness" when value is string policy && ParsePolicy(policy) is { } parsed:
                        freshness = parsed;
                        break;
                    case "freshnessIntervalHours" when value switch { long whole => whole, double fraction => fraction, _ => -1.0 } is >= 0 and < 1e6 and var hours:
                        interval = TimeSpan.FromHours(hours);
                        break;
                    case "revokedVersions" when value is string revoked && (revoked.Equals("upgrade", StringComparison.OrdinalIgnoreCase) || revoked.Equals("refuse", StringComparison.OrdinalIgnoreCase)):
                    case "mirrors" when value is List<object?> mirrors && mirrors.TrueForAll(m => m is string):
                        break;
                    case "modules" when value is Dictionary<string, object?> map:
                        foreach (var (assembly, module) in map)
                        {
                            if (module is not string request)
                            {
                                return null;
                            }
                            modules[assembly] = request;
                        }
                        break;
                    case "repository" or "trustedRoot" or "cacheDirectory" or "offline" or "freshness" or "freshnessIntervalHours" or "revokedVersions" or "mirrors" or "modules":
                        // A setting of the wrong type or value: the full reader's error message explains it.
                        return null;
                }
            }
        }

        Func<string, string?> environment = Environment.GetEnvironmentVariable;
        repository |= environment(ConfigFile.RepositoryVariable) is { Length: > 0 };
        trustedRoot |= environment(ConfigFile.TrustedRootVariable) is { Length: > 0 };
        if (environment(ConfigFile.OfflineVariable) is { Length: > 0 } offlineVariable)
        {
            offline = offlineVariable is "1" or "true" or "yes";
        }
        return new HookSettings
        {
            CacheDirectory = environment(Cache.CacheLocation.OverrideVariable) is { Length: > 0 } cacheVariable ? cacheVariable : cacheDirectory,
            SharedCacheDirectory = environment(ConfigFile.SharedCacheVariable) is { Length: > 0 } shared ? Path.GetFullPath(shared) : null,
            AssemblyModules = modules,
            LockFilePath = Path.Combine(directory, Modules.LockFile.FileName),
            ConfigFilePath = path,
            Freshness = freshness,
            FreshnessInterval = interval,
            CanCheckFreshness = repository && trustedRoot && !offline,
        };
    }

    private static FreshnessPolicy? ParsePolicy(string text) => Cache.AsciiText.ToLowerInvariant(text) switch
    {
        "always" => FreshnessPolicy.Always,
        "interval" => FreshnessPolicy.Interval,
        "never" => FreshnessPolicy.Never,
        _ => null,
    };
}
