using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Summon;
using Summon.Diagnostics;
using Summon.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Summon with Microsoft.Extensions dependency injection.</summary>
public static class SummonServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="Summoner"/> for the application (a singleton the host disposes), reading
    /// <c>summon.json</c> and the <c>SUMMON_*</c> variables as <see cref="SummonOptions.Load"/> does, then applying
    /// <paramref name="configure"/>. Summon's log lines go to <c>ILogger&lt;Summoner&gt;</c>, its requests through the
    /// <c>IHttpClientFactory</c> client named <see cref="SummonHosting.HttpClientName"/>, and its meter and event
    /// counters exist from the start.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets options in code; it runs last, so it wins.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddSummon(this IServiceCollection services, Action<SummonOptions>? configure = null) =>
        AddSummon(services, configuration: null, configure);

    /// <summary>
    /// Registers one <see cref="Summoner"/> as <see cref="AddSummon(IServiceCollection, Action{SummonOptions}?)"/> does,
    /// with options read from the <c>Summon</c> section of <paramref name="configuration"/> (keys: <c>Repository</c>,
    /// <c>TrustedRoot</c>, <c>CacheDirectory</c>, <c>SharedCacheDirectory</c>, <c>Offline</c>, <c>Locked</c>,
    /// <c>LockFile</c>, <c>Mirrors</c>, <c>Modules</c>, <c>Freshness</c>, <c>RevokedVersions</c>, <c>ImportTimeout</c>,
    /// <c>FreshnessInterval</c>, <c>PruneUnusedAfter</c>, <c>Progress</c>). They override <c>summon.json</c> and the <c>SUMMON_*</c> variables; <paramref name="configure"/> overrides them.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">The application's configuration (the <c>Summon</c> section is read), or the section itself.</param>
    /// <param name="configure">Sets options in code; it runs last, so it wins.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="SummonConfigurationException">When the summoner is first resolved: a value in the section cannot be used.</exception>
    public static IServiceCollection AddSummon(this IServiceCollection services, IConfiguration? configuration, Action<SummonOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddLogging();
        services.AddHttpClient(SummonHosting.HttpClientName)
            // Summon follows redirects itself (to refuse https→http and count hops) and checks every byte: the handler
            // must neither follow redirects nor decompress.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.None,
                ConnectTimeout = TimeSpan.FromSeconds(10),
            });
        services.TryAddSingleton(provider =>
        {
            var options = SummonOptions.Load();
            if (configuration is not null)
            {
                ConfigurationOptions.Apply(SectionOf(configuration), options);
            }
            var logger = provider.GetRequiredService<ILogger<Summoner>>();
            options.Log = line => SummonLog.Line(logger, line);
            var handlers = provider.GetRequiredService<IHttpMessageHandlerFactory>();
            options.HttpMessageHandlerFactory = () => handlers.CreateHandler(SummonHosting.HttpClientName);
            configure?.Invoke(options);
            SummonTelemetry.Start();
            return new Summoner(options);
        });
        return services;
    }

    private static IConfiguration SectionOf(IConfiguration configuration) =>
        configuration is IConfigurationSection { Key: SummonHosting.ConfigurationSection } ? configuration : configuration.GetSection(SummonHosting.ConfigurationSection);
}
