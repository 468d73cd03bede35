using System.Net;
using System.Net.Http.Headers;
using Summon.Server;
using Summon.Tests.Publishing;

namespace Summon.Tests.Server;

/// <summary>What caches between the server and its clients (a CDN, a proxy, a browser) are told, over real HTTP on 127.0.0.1.</summary>
public class CacheHeaderTests
{
    private static async Task<(PublishingFixture Fixture, SummonRepositoryServer Server)> ServeAsync()
    {
        var fx = new PublishingFixture();
        fx.Init().Dispose();
        using (var editor = fx.Open())
        {
            editor.Publish(fx.ModuleFolder(withAssembly: false), "acme.extra", "1.0.0");
        }
        return (fx, await SummonRepositoryServer.StartAsync(fx.Repo));
    }

    private static bool IsImmutable(HttpResponseMessage response) =>
        response.Headers.CacheControl is { Public: true, NoCache: false } cc && cc.MaxAge == TimeSpan.FromDays(365) && cc.Extensions.Any(e => e.Name == "immutable");

    [Theory]
    [InlineData("metadata/timestamp.json")]
    [InlineData("metadata/root.json")]
    public async Task Metadata_that_changes_in_place_must_be_revalidated(string path)
    {
        var (fx, server) = await ServeAsync();
        using var _ = fx;
        await using var __ = server;
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(server.Url, path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.NoCache);
        Assert.False(IsImmutable(response));
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task Versioned_metadata_is_immutable()
    {
        var (fx, server) = await ServeAsync();
        using var _ = fx;
        await using var __ = server;
        using var http = new HttpClient();

        foreach (var name in new[] { "1.root.json", $"{fx.CurrentVersion("snapshot")}.snapshot.json", $"{fx.CurrentVersion("targets")}.targets.json" })
        {
            using var response = await http.GetAsync(new Uri(server.Url, "metadata/" + name));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(IsImmutable(response), $"{name}: {response.Headers.CacheControl}");
            Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task A_missing_file_is_never_stored_so_the_next_root_is_seen_as_soon_as_it_is_published()
    {
        var (fx, server) = await ServeAsync();
        using var _ = fx;
        await using var __ = server;
        using var http = new HttpClient();
        var next = new Uri(server.Url, "metadata/2.root.json");

        using (var missing = await http.GetAsync(next))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.True(missing.Headers.CacheControl!.NoStore);
        }
        using (var editor = fx.Open())
        {
            editor.RotateKeys("timestamp");
        }
        using var published = await http.GetAsync(next);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.True(IsImmutable(published));
    }

    [Fact]
    public async Task A_client_holding_the_etag_of_changed_metadata_gets_the_new_content()
    {
        var (fx, server) = await ServeAsync();
        using var _ = fx;
        await using var __ = server;
        using var http = new HttpClient();
        var url = new Uri(server.Url, "metadata/timestamp.json");
        EntityTagHeaderValue etag;
        using (var first = await http.GetAsync(url))
        {
            etag = first.Headers.ETag!;
        }

        using (var unchanged = Conditional(url, etag))
        using (var response = await http.SendAsync(unchanged))
        {
            Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        }
        using (var editor = fx.Open())
        {
            editor.Publish(fx.ModuleFolder("v2", "hello again", withAssembly: false), "acme.extra", "2.0.0");
        }
        using var changed = Conditional(url, etag);
        using var fresh = await http.SendAsync(changed);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEqual(etag, fresh.Headers.ETag);
        Assert.Equal(File.ReadAllBytes(Path.Combine(fx.Repo, "metadata", "timestamp.json")), await fresh.Content.ReadAsByteArrayAsync());

        static HttpRequestMessage Conditional(Uri url, EntityTagHeaderValue etag)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.IfNoneMatch.Add(etag);
            return request;
        }
    }

    [Fact]
    public async Task A_range_beyond_the_end_of_a_target_is_refused_with_416()
    {
        var (fx, server) = await ServeAsync();
        using var _ = fx;
        await using var __ = server;
        using var http = new HttpClient();
        var stored = Directory.GetFiles(Path.Combine(fx.Repo, "targets", "modules", "acme.extra", "1.0.0", "files"), "*.readme.txt").Single();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Url, $"targets/modules/acme.extra/1.0.0/files/{Path.GetFileName(stored)}"));
        request.Headers.Range = new RangeHeaderValue(100, 200);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal(5, response.Content.Headers.ContentRange!.Length);
    }

    [Fact]
    public async Task Targets_are_sent_as_bytes_a_browser_must_not_sniff()
    {
        var (fx, server) = await ServeAsync();
        using var _ = fx;
        await using var __ = server;
        using var http = new HttpClient();
        var stored = Directory.GetFiles(Path.Combine(fx.Repo, "targets", "modules", "acme.extra", "1.0.0", "files"), "*.readme.txt").Single();

        using var response = await http.GetAsync(new Uri(server.Url, $"targets/modules/acme.extra/1.0.0/files/{Path.GetFileName(stored)}"));

        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }
}
