using System.Text.Json;
using System.Text.Json.Nodes;

namespace Summon;

/// <summary>Reads <c>summon.json</c> and the <c>SUMMON_*</c> environment variables into options.</summary>
internal static class ConfigFile
{
    public const string RepositoryVariable = "SUMMON_REPOSITORY";
    public const string TrustedRootVariable = "SUMMON_TRUSTED_ROOT";
    public const string OfflineVariable = "SUMMON_OFFLINE";
    public const string LockedVariable = "SUMMON_LOCKED";
    public const string MirrorsVariable = "SUMMON_MIRRORS";
    public const string SharedCacheVariable = "SUMMON_SHARED_CACHE";
    public const string ProgressVariable = "SUMMON_PROGRESS";

    public static void ApplyIfPresent(string path, SummonOptions options)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SummonConfigurationException($"The Summon configuration {path} cannot be read: {e.Message}. Fix its permissions or remove it.", e);
        }
        try
        {
            var root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new FormatException("it is not a JSON object");
            if (root["repository"]?.GetValue<string>() is { } repository)
            {
                options.Repository = ParseRepository(repository, path);
            }
            foreach (var mirror in root["mirrors"] as JsonArray ?? [])
            {
                options.Mirrors.Add(ParseRepository(mirror?.GetValue<string>() ?? throw new FormatException("a mirror is null"), path));
            }
            if (root["trustedRoot"]?.GetValue<string>() is { } trustedRoot)
            {
                options.TrustedRootPath = Path.GetFullPath(trustedRoot, Path.GetDirectoryName(Path.GetFullPath(path))!);
            }
            if (root["cacheDirectory"]?.GetValue<string>() is { } cache)
            {
                options.CacheDirectory = cache;
            }
            if (root["offline"]?.GetValue<bool>() is { } offline)
            {
                options.Offline = offline;
            }
            if (root["progress"]?.GetValue<bool>() is { } progress)
            {
                options.ShowProgress = progress;
            }
            if (root["freshness"]?.GetValue<string>() is { } freshness)
            {
                options.Freshness = Enum.TryParse<FreshnessPolicy>(freshness, ignoreCase: true, out var policy) ? policy : throw new FormatException($"'freshness' must be always, interval or never, not '{freshness}'");
            }
            if (root["freshnessIntervalHours"]?.GetValue<double>() is { } hours)
            {
                options.FreshnessInterval = TimeSpan.FromHours(hours);
            }
            if (root["revokedVersions"]?.GetValue<string>() is { } revoked)
            {
                options.RevokedVersions = Enum.TryParse<RevokedVersionPolicy>(revoked, ignoreCase: true, out var policy) ? policy : throw new FormatException($"'revokedVersions' must be upgrade or refuse, not '{revoked}'");
            }
            foreach (var (assembly, module) in root["modules"] as JsonObject ?? [])
            {
                options.AssemblyModules[assembly] = module?.GetValue<string>() ?? throw new FormatException($"module of assembly {assembly} is null");
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new SummonConfigurationException($"The Summon configuration {path} is invalid: {e.Message}. Expected {{\"repository\": \"https://…/\", \"trustedRoot\": \"root.json\", \"modules\": {{\"Assembly.Name\": \"module.id@[1.0,2.0)\"}}}}.", e);
        }
    }

    public static void ApplyEnvironment(SummonOptions options, Func<string, string?> environment)
    {
        if (environment(RepositoryVariable) is { Length: > 0 } repository)
        {
            options.Repository = ParseRepository(repository, RepositoryVariable);
        }
        if (environment(MirrorsVariable) is { Length: > 0 } mirrors)
        {
            // The variable names the whole list: it replaces the file's mirrors rather than adding to them.
            options.Mirrors.Clear();
            foreach (var mirror in mirrors.Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries))
            {
                options.Mirrors.Add(ParseRepository(mirror, MirrorsVariable));
            }
        }
        if (environment(TrustedRootVariable) is { Length: > 0 } trustedRoot)
        {
            options.TrustedRootPath = Path.GetFullPath(trustedRoot);
        }
        if (environment(Cache.CacheLocation.OverrideVariable) is { Length: > 0 } cache)
        {
            options.CacheDirectory = cache;
        }
        if (environment(SharedCacheVariable) is { Length: > 0 } sharedCache)
        {
            options.SharedCacheDirectory = Path.GetFullPath(sharedCache);
        }
        if (environment(OfflineVariable) is { Length: > 0 } offline)
        {
            options.Offline = IsTrue(offline);
        }
        if (environment(LockedVariable) is { Length: > 0 } locked)
        {
            options.Locked = IsTrue(locked);
        }
        if (environment(ProgressVariable) is { Length: > 0 } progress)
        {
            options.ShowProgress = IsTrue(progress);
        }
    }

    private static bool IsTrue(string value) => value is "1" or "true" or "yes";

    /// <summary>A repository URL is absolute http(s); its path is treated as a folder so relative URLs resolve under it.</summary>
    public static Uri ParseRepository(string text, string source)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new SummonConfigurationException($"'{text}' (from {source}) is not a repository URL: use an absolute http:// or https:// URL such as https://modules.example.com/ .");
        }
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }
}
