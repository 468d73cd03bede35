using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Summon.Extensions.Hosting;

/// <summary>Reads the <c>Summon</c> configuration section into options, with the checks <c>summon.json</c> gets.</summary>
internal static class ConfigurationOptions
{
    public static void Apply(IConfiguration section, SummonOptions options)
    {
        var where = section is IConfigurationSection named ? $"configuration {named.Path}" : "configuration";
        if (section["Repository"] is { Length: > 0 } repository)
        {
            options.Repository = ConfigFile.ParseRepository(repository, $"{where}:Repository");
        }
        if (section.GetSection("Mirrors").GetChildren().ToList() is { Count: > 0 } mirrors)
        {
            options.Mirrors.Clear();
            foreach (var mirror in mirrors)
            {
                options.Mirrors.Add(ConfigFile.ParseRepository(mirror.Value ?? "", $"{where}:{mirror.Path}"));
            }
        }
        if (section["TrustedRoot"] is { Length: > 0 } trustedRoot)
        {
            options.TrustedRootPath = Path.GetFullPath(trustedRoot, AppContext.BaseDirectory);
        }
        if (section["CacheDirectory"] is { Length: > 0 } cache)
        {
            options.CacheDirectory = cache;
        }
        if (section["SharedCacheDirectory"] is { Length: > 0 } shared)
        {
            options.SharedCacheDirectory = Path.GetFullPath(shared);
        }
        if (section["LockFile"] is { Length: > 0 } lockFile)
        {
            options.LockFilePath = Path.GetFullPath(lockFile, AppContext.BaseDirectory);
        }
        options.Offline = Flag(section, "Offline", where) ?? options.Offline;
        options.Locked = Flag(section, "Locked", where) ?? options.Locked;
        options.ShowProgress = Flag(section, "Progress", where) ?? options.ShowProgress;
        options.Freshness = Choice(section, "Freshness", where, options.Freshness);
        options.RevokedVersions = Choice(section, "RevokedVersions", where, options.RevokedVersions);
        options.ImportTimeout = Duration(section, "ImportTimeout", where, "00:02:00") ?? options.ImportTimeout;
        options.FreshnessInterval = Duration(section, "FreshnessInterval", where, "1.00:00:00") ?? options.FreshnessInterval;
        options.PruneUnusedAfter = Duration(section, "PruneUnusedAfter", where, "90.00:00:00") ?? options.PruneUnusedAfter;
        foreach (var module in section.GetSection("Modules").GetChildren())
        {
            options.AssemblyModules[module.Key] = module.Value ?? throw new SummonConfigurationException($"{where}:Modules:{module.Key} is empty; give the module as id or id@range.");
        }
    }

    private static bool? Flag(IConfiguration section, string key, string where) => section[key] switch
    {
        null or "" => null,
        var text when bool.TryParse(text, out var value) => value,
        var text => throw new SummonConfigurationException($"{where}:{key} is '{text}'; use true or false."),
    };

    private static TimeSpan? Duration(IConfiguration section, string key, string where, string example) => section[key] switch
    {
        null or "" => null,
        var text when TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero => value,
        var text => throw new SummonConfigurationException($"{where}:{key} is '{text}', not a positive time span; write it as [d.]hh:mm:ss, e.g. {example}."),
    };

    private static T Choice<T>(IConfiguration section, string key, string where, T current)
        where T : struct, Enum => section[key] switch
        {
            null or "" => current,
            var text when Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) => value,
            var text => throw new SummonConfigurationException($"{where}:{key} is '{text}'; use one of {string.Join(", ", Enum.GetNames<T>())}."),
        };
}
