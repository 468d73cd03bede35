using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Summon.Server;
using Summon.Tests.Publishing;

namespace Summon.Tests.Server;

/// <summary>Which HTTP versions the server speaks: HTTP/2 negotiated over TLS, or h2c with prior knowledge when asked.</summary>
public class Http2Tests
{
    internal static X509Certificate2 LoopbackCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12 so the private key is usable by TLS on every platform, not only as an ephemeral key.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private static HttpClient TrustingOnly(X509Certificate2 certificate) => new(TrustingHandler(certificate));

    private static SocketsHttpHandler TrustingHandler(X509Certificate2 certificate) => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString(),
        },
    };

    private static async Task<HttpResponseMessage> GetAsync(HttpClient http, Uri url, Version version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task With_a_certificate_a_client_asking_for_HTTP2_gets_HTTP2_over_TLS()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        using var certificate = LoopbackCertificate();
        await using var server = await SummonRepositoryServer.StartAsync(fx.Repo, new SummonServerOptions { Certificate = certificate });
        using var http = TrustingOnly(certificate);

        using var response = await GetAsync(http, new Uri(server.Url, "metadata/timestamp.json"), HttpVersion.Version20);

        Assert.Equal("https", server.Url.Scheme);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.True(response.Headers.CacheControl!.NoCache);
    }

    [Fact]
    public async Task A_summoner_fetching_from_an_https_repository_speaks_HTTP2()
    {
        using var fx = new PublishingFixture();
        using (var editor = fx.Init())
        {
            editor.Publish(fx.ModuleFolder(withAssembly: false), "acme.data", "1.0.0");
        }
        using var certificate = LoopbackCertificate();
        var protocols = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var server = await SummonRepositoryServer.StartAsync(fx.Repo, new SummonServerOptions { Certificate = certificate, OnRequest = r => protocols.Enqueue(r.Protocol) });
        using var handler = TrustingHandler(certificate);
        using var summoner = new Summoner(new SummonOptions
        {
            Repository = server.Url,
            TrustedRootPath = Path.Combine(fx.Repo, "metadata", "1.root.json"),
            CacheDirectory = fx.Combine("cache"),
            HttpMessageHandlerFactory = () => handler,
        });

        var module = await summoner.PrefetchAsync("acme.data");

        Assert.Equal("1.0.0", module.Version);
        Assert.NotEmpty(protocols);
        Assert.All(protocols, protocol => Assert.Equal("HTTP/2", protocol));
    }

    [Fact]
    public async Task With_a_certificate_an_HTTP11_client_is_still_served()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        using var certificate = LoopbackCertificate();
        await using var server = await SummonRepositoryServer.StartAsync(fx.Repo, new SummonServerOptions { Certificate = certificate });
        using var http = TrustingOnly(certificate);

        using var response = await GetAsync(http, new Uri(server.Url, "metadata/timestamp.json"), HttpVersion.Version11);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
    }

    [Fact]
    public async Task Cleartext_HTTP2_answers_a_client_with_prior_knowledge()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        await using var server = await SummonRepositoryServer.StartAsync(fx.Repo, new SummonServerOptions { CleartextHttp2 = true });
        using var http = new HttpClient();

        using var response = await GetAsync(http, new Uri(server.Url, "metadata/timestamp.json"), HttpVersion.Version20);

        Assert.Equal("http", server.Url.Scheme);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
    }

    [Fact]
    public async Task Plain_HTTP_is_HTTP11_by_default_because_browsers_speak_nothing_else_in_the_clear()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        await using var server = await SummonRepositoryServer.StartAsync(fx.Repo);
        using var http = new HttpClient();

        using var response = await GetAsync(http, new Uri(server.Url, "metadata/timestamp.json"), HttpVersion.Version11);

        Assert.Equal(HttpVersion.Version11, response.Version);
        await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(http, new Uri(server.Url, "metadata/timestamp.json"), HttpVersion.Version20));
    }
}
