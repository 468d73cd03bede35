using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Summon.Extensions.Hosting;
using Summon.Tests.Diagnostics;

namespace Summon.Tests.Hosting;

/// <summary><c>services.AddSummon</c> in a real Microsoft.Extensions host, importing from a real repository on 127.0.0.1.</summary>
public class AddSummonTests
{
    private static readonly Dictionary<string, int> Files = new() { ["data.bin"] = 50_000 };

    private static Dictionary<string, string?> SectionFor(DataModuleRepository repository) => new()
    {
        ["Summon:Repository"] = repository.Url.ToString(),
        ["Summon:TrustedRoot"] = repository.TrustedRoot,
        ["Summon:CacheDirectory"] = repository.Cache,
        ["Summon:Freshness"] = "never",
    };

    private static IHost BuildHost(Dictionary<string, string?> configuration, RecordingLoggerProvider logs, CountingHandler? counting = null, Action<SummonOptions>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.AddProvider(logs);
        builder.Services.AddSummon(builder.Configuration, configure);
        if (counting is not null)
        {
            builder.Services.AddHttpClient(SummonHosting.HttpClientName).AddHttpMessageHandler(() => counting);
        }
        return builder.Build();
    }

    [Fact]
    public async Task AHostImportsWithOptionsFromConfigurationAndLogsTheInstall()
    {
        await using var repository = await DataModuleRepository.CreateAsync();
        repository.Publish("acme.hosted", "1.0.0", Files);
        var logs = new RecordingLoggerProvider();
        using var host = BuildHost(SectionFor(repository), logs);
        await host.StartAsync();

        var module = await host.Services.GetRequiredService<Summoner>().ImportAsync("acme.hosted");
        await host.StopAsync();

        Assert.Equal("1.0.0", module.Version);
        Assert.StartsWith(Path.GetFullPath(repository.Cache), module.Info.Directory, StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.Category == typeof(Summoner).FullName && l.Level == LogLevel.Information && l.Message.StartsWith("summon: installed acme.hosted 1.0.0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryRequestGoesThroughTheFactorysNamedClient()
    {
        await using var repository = await DataModuleRepository.CreateAsync();
        repository.Publish("acme.hosted", "1.0.0", Files);
        var counting = new CountingHandler();
        using var host = BuildHost(SectionFor(repository), new RecordingLoggerProvider(), counting);

        await host.Services.GetRequiredService<Summoner>().PrefetchAsync("acme.hosted");

        Assert.Equal(repository.Requests.Count, counting.Paths.Count);
        Assert.Contains(counting.Paths, p => p.EndsWith(".data.bin", StringComparison.Ordinal));
        Assert.Contains(counting.Paths, p => p.EndsWith("timestamp.json", StringComparison.Ordinal));
    }

    [Fact]
    public void CodeOverridesConfiguration()
    {
        var logs = new RecordingLoggerProvider();
        using var cache = new TempDirectory("hosting-");
        using var host = BuildHost(new() { ["Summon:CacheDirectory"] = "/nonexistent/never-used", ["Summon:Offline"] = "true" }, logs, configure: o => o.CacheDirectory = cache.Path);

        Assert.Equal(cache.Path, host.Services.GetRequiredService<Summoner>().CacheDirectory);
    }

    [Fact]
    public void AConfigurationValueSummonCannotUseIsAConfigurationError()
    {
        using var host = BuildHost(new() { ["Summon:Freshness"] = "sometimes" }, new RecordingLoggerProvider());

        var error = Assert.Throws<SummonConfigurationException>(() => host.Services.GetRequiredService<Summoner>());

        Assert.Contains("Summon:Freshness is 'sometimes'", error.Message);
    }

    [Fact]
    public async Task TheFreshnessIntervalComesFromConfiguration()
    {
        await using var repository = await DataModuleRepository.CreateAsync();
        repository.Publish("acme.hosted", "1.0.0", Files);
        var section = SectionFor(repository);
        section["Summon:Freshness"] = "Interval";
        section["Summon:FreshnessInterval"] = "00:00:00.001";
        using var host = BuildHost(section, new RecordingLoggerProvider());
        var summoner = host.Services.GetRequiredService<Summoner>();
        await summoner.PrefetchAsync("acme.hosted");
        await Task.Delay(50);

        // Due after a millisecond, not the default day: importing the cached module starts a check in the background.
        await summoner.ImportIsolatedAsync("acme.hosted");

        Assert.NotSame(Task.CompletedTask, summoner.BackgroundFreshnessCheck);
        await summoner.BackgroundFreshnessCheck.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task AutomaticPruningComesFromConfiguration()
    {
        await using var repository = await DataModuleRepository.CreateAsync();
        repository.Publish("acme.hosted", "1.0.0", Files);
        using (var first = BuildHost(SectionFor(repository), new RecordingLoggerProvider()))
        {
            await first.Services.GetRequiredService<Summoner>().PrefetchAsync("acme.hosted");
        }
        var version = Path.Combine(repository.Cache, "v1", "modules", "acme.hosted", "1.0.0");
        var marker = Path.Combine(version, ".summon-used");
        File.WriteAllText(marker, "");
        File.SetLastWriteTimeUtc(marker, DateTime.UtcNow.AddDays(-40));
        var section = SectionFor(repository);
        section["Summon:PruneUnusedAfter"] = "30.00:00:00";

        using var host = BuildHost(section, new RecordingLoggerProvider());
        await host.Services.GetRequiredService<Summoner>().BackgroundPrune.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(Directory.Exists(version));
    }

    [Theory]
    [InlineData("FreshnessInterval", "0")]
    [InlineData("PruneUnusedAfter", "-1.00:00:00")]
    [InlineData("ImportTimeout", "two minutes")]
    public void ADurationSummonCannotUseIsAConfigurationErrorNamingItsKey(string key, string value)
    {
        using var host = BuildHost(new() { [$"Summon:{key}"] = value }, new RecordingLoggerProvider());

        var error = Assert.Throws<SummonConfigurationException>(() => host.Services.GetRequiredService<Summoner>());

        Assert.Contains($"Summon:{key} is '{value}', not a positive time span", error.Message);
    }

    [Fact]
    public async Task TheHostDisposesTheSummoner()
    {
        await using var repository = await DataModuleRepository.CreateAsync();
        var host = BuildHost(SectionFor(repository), new RecordingLoggerProvider());
        var summoner = host.Services.GetRequiredService<Summoner>();

        host.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => summoner.UpdateAsync("acme.anything"));
    }

    /// <summary>A handler added to the factory's "Summon" client; it sees every request that goes through the client.</summary>
    private sealed class CountingHandler : DelegatingHandler
    {
        public ConcurrentQueue<string> Paths { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Paths.Enqueue(request.RequestUri!.AbsolutePath);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>Keeps every log line with its category and level.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> lines = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Message)> Lines => [.. lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue((category, logLevel, formatter(state, exception)));
    }
}
