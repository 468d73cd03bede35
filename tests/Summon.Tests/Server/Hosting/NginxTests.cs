using System.Net;
using System.Net.Http.Headers;
using Summon.Publishing;
using Summon.Server;

namespace Summon.Tests.Server.Hosting;

/// <summary>A repository is static files: nginx with docs/hosting/nginx.conf serves it as `summon serve` does.</summary>
public class NginxTests
{
    private sealed class TwoServers : IAsyncDisposable
    {
        private readonly TempDirectory work = new("nginx-world");

        public string Repo => work.Combine("repo");

        public string Keys => work.Combine("keys");

        public SummonRepositoryServer Kestrel { get; private set; } = null!;

        public NginxServer Nginx { get; private set; } = null!;

        public static async Task<TwoServers> StartAsync()
        {
            var servers = new TwoServers();
            RepositoryEditor.Init(servers.Repo, servers.Keys).Dispose();
            servers.Publish("acme.fonts", "1.0.0", "fonts 1");
            servers.Publish("acme.pdf", "1.0.0", "pdf 1", ("acme.fonts", "[1.0,2.0)"));
            servers.Kestrel = await SummonRepositoryServer.StartAsync(servers.Repo);
            servers.Nginx = await NginxServer.StartAsync(servers.Repo);
            return servers;
        }

        public void Publish(string id, string version, string content, params (string Id, string Range)[] dependencies)
        {
            var source = work.Combine("src", id, version);
            Directory.CreateDirectory(source);
            File.WriteAllText(Path.Combine(source, "about.txt"), content);
            using var editor = RepositoryEditor.Open(Repo, Keys);
            editor.Publish(source, id, version, dependencies.ToDictionary(d => d.Id, d => d.Range));
        }

        public Summoner Client(string name, Uri repository) => new(new SummonOptions
        {
            Repository = repository,
            TrustedRootPath = Path.Combine(Repo, "metadata", "1.root.json"),
            CacheDirectory = work.Combine(name, "cache"),
            LockFilePath = work.Combine(name, "summon.lock.json"),
            Freshness = FreshnessPolicy.Never,
        });

        public async ValueTask DisposeAsync()
        {
            Nginx?.Dispose();
            if (Kestrel is not null)
            {
                await Kestrel.DisposeAsync();
            }
            work.Dispose();
        }
    }

    private static async Task<string> ImportAsync(Summoner summoner, string module)
    {
        var handle = await summoner.ImportAsync(module);
        return $"{handle.Id} {handle.Version}: {File.ReadAllText(handle.GetFilePath("about.txt"))}";
    }

    [Fact]
    public async Task A_Summoner_imports_and_updates_the_same_modules_through_nginx_as_through_summon_serve()
    {
        await using var servers = await TwoServers.StartAsync();
        using var viaKestrel = servers.Client("kestrel", servers.Kestrel.Url);
        using var viaNginx = servers.Client("nginx", servers.Nginx.Url);

        var first = (await ImportAsync(viaKestrel, "acme.pdf"), await ImportAsync(viaKestrel, "acme.fonts"));
        Assert.Equal(("acme.pdf 1.0.0: pdf 1", "acme.fonts 1.0.0: fonts 1"), first);
        Assert.Equal(first, (await ImportAsync(viaNginx, "acme.pdf"), await ImportAsync(viaNginx, "acme.fonts")));

        // A new version and new timestamp keys: each client walks root 2, then the new consistent snapshot.
        servers.Publish("acme.fonts", "1.1.0", "fonts 1.1");
        servers.Publish("acme.pdf", "1.1.0", "pdf 1.1", ("acme.fonts", "[1.1,2.0)"));
        using (var editor = RepositoryEditor.Open(servers.Repo, servers.Keys))
        {
            editor.RotateKeys("timestamp");
        }
        using var nextKestrel = servers.Client("kestrel", servers.Kestrel.Url);
        using var nextNginx = servers.Client("nginx", servers.Nginx.Url);
        var updatedKestrel = (await nextKestrel.UpdateAsync()).Select(m => m.ToString()).Order().ToList();
        var updatedNginx = (await nextNginx.UpdateAsync()).Select(m => m.ToString()).Order().ToList();

        Assert.Equal(["acme.fonts 1.1.0", "acme.pdf 1.1.0"], updatedKestrel);
        Assert.Equal(updatedKestrel, updatedNginx);
        using var afterKestrel = servers.Client("kestrel", servers.Kestrel.Url);
        using var afterNginx = servers.Client("nginx", servers.Nginx.Url);
        Assert.Equal("acme.pdf 1.1.0: pdf 1.1", await ImportAsync(afterNginx, "acme.pdf"));
        Assert.Equal(await ImportAsync(afterKestrel, "acme.pdf"), await ImportAsync(afterNginx, "acme.pdf"));

        var log = File.ReadAllText(servers.Nginx.AccessLog);
        Assert.Contains("\"GET /metadata/2.root.json HTTP/1.1\" 200", log);
        Assert.Contains("\"GET /metadata/3.root.json HTTP/1.1\" 404", log);
        Assert.Matches("\"GET /metadata/[0-9]+\\.snapshot\\.json HTTP/1\\.1\" 200", log);
        Assert.Matches("\"GET /targets/modules/acme\\.pdf/1\\.1\\.0/files/[0-9a-f]{64}\\.about\\.txt HTTP/1\\.1\" 200", log);
    }

    [Fact]
    public async Task Nginx_sends_the_same_status_and_cache_headers_as_summon_serve_for_every_kind_of_file()
    {
        await using var servers = await TwoServers.StartAsync();
        var snapshot = Directory.GetFiles(Path.Combine(servers.Repo, "metadata"), "*.snapshot.json").Select(Path.GetFileName).Max()!;
        var target = "targets/modules/acme.pdf/1.0.0/files/" + Path.GetFileName(Directory.GetFiles(Path.Combine(servers.Repo, "targets", "modules", "acme.pdf", "1.0.0", "files")).Single());
        File.WriteAllText(Path.Combine(servers.Repo, "secret.txt"), "secret");
        File.WriteAllText(Path.Combine(servers.Repo, "metadata", ".root.json.tmp"), "partial");
        using var http = new HttpClient();

        foreach (var path in new[] { "metadata/timestamp.json", "metadata/root.json", "metadata/1.root.json", "metadata/" + snapshot, "metadata/2.root.json", target, "secret.txt", "metadata/.root.json.tmp" })
        {
            using var kestrel = await http.GetAsync(new Uri(servers.Kestrel.Url, path));
            using var nginx = await http.GetAsync(new Uri(servers.Nginx.Url, path));
            Assert.Equal((path, kestrel.StatusCode), (path, nginx.StatusCode));
            Assert.Equal((path, kestrel.Headers.CacheControl?.ToString()), (path, nginx.Headers.CacheControl?.ToString()));
            if (kestrel.IsSuccessStatusCode)
            {
                Assert.Equal((path, kestrel.Content.Headers.ContentType?.MediaType), (path, nginx.Content.Headers.ContentType?.MediaType));
                Assert.Equal(await kestrel.Content.ReadAsByteArrayAsync(), await nginx.Content.ReadAsByteArrayAsync());
            }
        }
    }

    [Fact]
    public async Task Nginx_answers_ranges_and_conditional_requests_on_targets()
    {
        await using var servers = await TwoServers.StartAsync();
        var target = "targets/modules/acme.pdf/1.0.0/files/" + Path.GetFileName(Directory.GetFiles(Path.Combine(servers.Repo, "targets", "modules", "acme.pdf", "1.0.0", "files")).Single());
        var url = new Uri(servers.Nginx.Url, target);
        using var http = new HttpClient();

        using var full = await http.GetAsync(url);
        var etag = full.Headers.ETag!;
        using var range = new HttpRequestMessage(HttpMethod.Get, url);
        range.Headers.Range = new RangeHeaderValue(1, 3);
        using var partial = await http.SendAsync(range);
        using var beyond = new HttpRequestMessage(HttpMethod.Get, url);
        beyond.Headers.Range = new RangeHeaderValue(100, 200);
        using var refused = await http.SendAsync(beyond);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(etag);
        using var notModified = await http.SendAsync(conditional);

        Assert.Equal("pdf 1", await full.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("df ", await partial.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Contains("immutable", notModified.Headers.CacheControl!.ToString());
    }
}
