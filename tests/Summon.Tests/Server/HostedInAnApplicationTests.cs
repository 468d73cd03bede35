using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Summon.Server;

namespace Summon.Tests.Server;

/// <summary><c>app.MapSummonRepository("/modules", dir)</c> inside an existing ASP.NET Core application, beside its own endpoints.</summary>
public class HostedInAnApplicationTests
{
    private static async Task<(WebApplication App, Uri Root)> StartAsync(string repository)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/health", () => "healthy");
        app.MapSummonRepository("/modules", repository);
        await app.StartAsync();
        return (app, new Uri(app.Urls.First().TrimEnd('/') + "/"));
    }

    [Fact]
    public async Task The_repository_its_page_and_the_applications_own_endpoints_live_side_by_side()
    {
        using var fx = SampleRepository.Create();
        var (app, root) = await StartAsync(fx.Repo);
        await using var _ = app;
        using var http = new HttpClient();

        Assert.Equal("healthy", await http.GetStringAsync(new Uri(root, "health")));
        using var page = await http.GetAsync(new Uri(root, "modules"));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(new Uri(root, "modules/"), page.RequestMessage!.RequestUri);
        Assert.Contains("<code>acme.extra</code>", html);
        Assert.Contains($"\"repository\": \"{new Uri(root, "modules/")}\"", html);
        using var outside = await http.GetAsync(new Uri(root, "metadata/root.json"));
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
    }

    [Fact]
    public async Task Under_a_prefix_the_cache_headers_are_those_of_summon_serve()
    {
        using var fx = SampleRepository.Create();
        var (app, root) = await StartAsync(fx.Repo);
        await using var _ = app;
        using var http = new HttpClient();

        using var timestamp = await http.GetAsync(new Uri(root, "modules/metadata/timestamp.json"));
        using var firstRoot = await http.GetAsync(new Uri(root, "modules/metadata/1.root.json"));
        using var nextRoot = await http.GetAsync(new Uri(root, "modules/metadata/2.root.json"));

        Assert.True(timestamp.Headers.CacheControl!.NoCache);
        Assert.Equal(TimeSpan.FromDays(365), firstRoot.Headers.CacheControl!.MaxAge);
        Assert.Equal(HttpStatusCode.NotFound, nextRoot.StatusCode);
        Assert.True(nextRoot.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task A_Summoner_imports_from_the_repository_under_the_prefix()
    {
        using var fx = SampleRepository.Create();
        var (app, root) = await StartAsync(fx.Repo);
        await using var _ = app;
        using var summoner = new Summoner(new SummonOptions
        {
            Repository = new Uri(root, "modules/"),
            TrustedRootPath = Path.Combine(fx.Repo, "metadata", "1.root.json"),
            CacheDirectory = fx.Combine("cache"),
            LockFilePath = fx.Combine("app", "summon.lock.json"),
            Freshness = FreshnessPolicy.Never,
        });

        var module = await summoner.ImportAsync("acme.extra");

        Assert.Equal("2.0.0", module.Version);
        Assert.Equal("hello again", File.ReadAllText(module.GetFilePath("readme.txt")));
    }
}
