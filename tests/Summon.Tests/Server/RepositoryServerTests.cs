using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Summon.Modules;
using Summon.Server;
using Summon.Tests.Publishing;

namespace Summon.Tests.Server;

public class RepositoryServerTests
{
    private static (PublishingFixture Fixture, string FileTarget, string StoredUrlPath) PublishedRepository()
    {
        var fx = new PublishingFixture();
        fx.Init().Dispose();
        using (var editor = fx.Open())
        {
            editor.Publish(fx.ModuleFolder(), "acme.extra", "1.0.0");
        }
        var target = RepositoryLayout.File("acme.extra", "1.0.0", "readme.txt");
        var sha = RepositoryEditorTests.TargetsOf(fx, "targets")[target]!["hashes"]!["sha256"]!.GetValue<string>();
        return (fx, target, $"targets/modules/acme.extra/1.0.0/files/{sha}.readme.txt");
    }

    [Fact]
    public async Task Metadata_is_served_with_no_cache()
    {
        var (fx, _, _) = PublishedRepository();
        using var _fx = fx;
        await using var server = await SummonRepositoryServer.StartAsync(fx.Repo);
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(server.Url, "metadata/timestamp.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.NoCache);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(File.ReadAllBytes(Path.Combine(fx.Repo, "metadata", "timestamp.json")), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("127.0.0.1", server.Url.Host);
    }

    [LinuxFact]
    public async Task Serving_a_repository_does_not_watch_its_folders()
    {
        var (fx, _, _) = PublishedRepository();
        using var _fx = fx;
        // A large repository has a folder per module and version: the server must not watch each one.
        const int Folders = 300;
        for (var i = 0; i < Folders; i++)
        {
            Directory.CreateDirectory(Path.Combine(fx.Repo, "targets", "modules", $"scale.m{i:D3}", "1.0.0"));
        }

        await using var server = await SummonRepositoryServer.StartAsync(fx.Repo);

        Assert.True(InotifyWatchesOfThisProcess() < Folders, $"{InotifyWatchesOfThisProcess()} inotify watches");
    }

    /// <summary>Every watch of every inotify descriptor this process holds, from <c>/proc/self/fdinfo</c>.</summary>
    private static int InotifyWatchesOfThisProcess() =>
        Directory.GetFiles("/proc/self/fdinfo").Sum(f =>
        {
            try
            {
                return File.ReadLines(f).Count(l => l.StartsWith("inotify wd:", StringComparison.Ordinal));
            }
            catch (IOException)
            {
                return 0; // a descriptor closed while it was read
            }
        });

    [Fact]
    public async Task Hashed_targets_are_immutable_with_an_etag_and_ranges()
    {
        var (fx, _, stored) = PublishedRepository();
        using var _fx = fx;
        await using var server = await SummonRepositoryServer.StartAsync(fx.Repo);
        using var http = new HttpClient();
        var url = new Uri(server.Url, stored);

        using var full = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal("hello", await full.Content.ReadAsStringAsync());
        Assert.True(full.Headers.CacheControl!.Public);
        Assert.Equal(TimeSpan.FromDays(365), full.Headers.CacheControl.MaxAge);
        Assert.Contains("immutable", full.Headers.CacheControl.ToString());
        var etag = full.Headers.ETag!;
        Assert.Contains(stored.Split('/')[^1].Split('.')[0], etag.Tag);

        using var range = new HttpRequestMessage(HttpMethod.Get, url);
        range.Headers.Range = new RangeHeaderValue(1, 3);
        using var partial = await http.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("ell", await partial.Content.ReadAsStringAsync());

        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(etag);
        using var notModified = await http.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Theory]
    [InlineData("/metadata/../../secret.txt")]
    [InlineData("/metadata/..%2F..%2Fsecret.txt")]
    [InlineData("/targets/%2e%2e/%2e%2e/secret.txt")]
    [InlineData("/targets/..%5C..%5Csecret.txt")]
    [InlineData("/../secret.txt")]
    [InlineData("/.summon-lock")]
    [InlineData("/metadata/.root.json.tmp")]
    [InlineData("/secret.txt")]
    [InlineData("/metadata/")]
    public async Task Paths_outside_metadata_and_targets_are_refused(string path)
    {
        var (fx, _, _) = PublishedRepository();
        using var _fx = fx;
        File.WriteAllText(fx.Combine("secret.txt"), "secret");
        File.WriteAllText(Path.Combine(fx.Repo, "secret.txt"), "secret");
        File.WriteAllText(Path.Combine(fx.Repo, "metadata", ".root.json.tmp"), "partial");
        await using var server = await SummonRepositoryServer.StartAsync(fx.Repo);

        // A raw request, so no client library normalizes the path before the server sees it.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Url.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        var response = await new StreamReader(stream).ReadToEndAsync();

        Assert.DoesNotContain("secret", response.Split("\r\n\r\n", 2).ElementAtOrDefault(1) ?? "");
        Assert.DoesNotContain("partial", response);
        Assert.Matches("^HTTP/1.1 (400|404)", response);
    }

    [Fact]
    public async Task Every_request_is_counted_and_reported()
    {
        var (fx, _, stored) = PublishedRepository();
        using var _fx = fx;
        var log = new List<RequestLogEntry>();
        await using var server = await SummonRepositoryServer.StartAsync(fx.Repo, new SummonServerOptions { OnRequest = e => { lock (log) { log.Add(e); } } });
        using var http = new HttpClient();

        Assert.Equal(0, server.RequestCount);
        (await http.GetAsync(new Uri(server.Url, "metadata/root.json"))).Dispose();
        (await http.GetAsync(new Uri(server.Url, stored))).Dispose();
        (await http.GetAsync(new Uri(server.Url, "metadata/missing.json"))).Dispose();
        using (var head = new HttpRequestMessage(HttpMethod.Head, new Uri(server.Url, stored)))
        {
            (await http.SendAsync(head)).Dispose();
        }

        Assert.Equal(4, server.RequestCount);
        lock (log)
        {
            Assert.Equal(
                [("GET", "/metadata/root.json", 200), ("GET", "/" + stored, 200), ("GET", "/metadata/missing.json", 404), ("HEAD", "/" + stored, 200)],
                log.Select(e => (e.Method, e.Path, e.StatusCode)));
            Assert.Equal(new FileInfo(Path.Combine(fx.Repo, "metadata", "root.json")).Length, log[0].Bytes);
            Assert.Equal(5, log[1].Bytes);
            Assert.Equal(0, log[3].Bytes);
        }
    }

    [Fact]
    public async Task Stopping_closes_the_port()
    {
        var (fx, _, _) = PublishedRepository();
        using var _fx = fx;
        var server = await SummonRepositoryServer.StartAsync(fx.Repo);
        var url = new Uri(server.Url, "metadata/root.json");
        await server.DisposeAsync();
        using var http = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(url));
    }

    [Fact]
    public async Task A_missing_folder_or_a_busy_port_is_a_clear_error()
    {
        using var temp = new TempDirectory("srv");
        var missing = await Assert.ThrowsAsync<SummonException>(() => SummonRepositoryServer.StartAsync(temp.Combine("nowhere")));
        Assert.Contains("does not exist", missing.Message);

        await using var first = await SummonRepositoryServer.StartAsync(temp.Path);
        var busy = await Assert.ThrowsAsync<SummonException>(() => SummonRepositoryServer.StartAsync(temp.Path, new SummonServerOptions { Port = first.Url.Port }));
        Assert.Contains(first.Url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), busy.Message);
    }
}
