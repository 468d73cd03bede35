using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Summon.Tests.Publishing;

namespace Summon.Tests.Server;

/// <summary><c>summon serve --certificate</c>: the tool serves HTTPS, and HTTP/2 to clients that ask for it.</summary>
public class ServeCommandTlsTests
{
    [Fact]
    public async Task Summon_serve_with_a_PEM_certificate_answers_HTTP2_over_TLS()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        using var certificate = Http2Tests.LoopbackCertificate();
        File.WriteAllText(fx.Combine("cert.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(fx.Combine("key.pem"), certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());

        using var serve = StartTool("serve", fx.Repo, "--certificate", fx.Combine("cert.pem"), "--certificate-key", fx.Combine("key.pem"));
        try
        {
            var firstLine = await serve.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.NotNull(firstLine);
            var url = new Uri(firstLine);
            using var http = new HttpClient(new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions
                {
                    RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString(),
                },
            });
            using var get = new HttpRequestMessage(HttpMethod.Get, new Uri(url, "metadata/timestamp.json")) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };

            using var response = await http.SendAsync(get);

            Assert.Equal("https", url.Scheme);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(HttpVersion.Version20, response.Version);
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Summon_serve_with_an_unreadable_certificate_exits_2_and_says_what_to_give()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        File.WriteAllText(fx.Combine("cert.pem"), "not a certificate");

        var result = await EndToEnd.Cli.RunAsync("serve", fx.Repo, "--certificate", fx.Combine("cert.pem"));

        Assert.True(result.ExitCode == 2, result.Output);
        Assert.Contains("cannot be used", result.StandardError);
        Assert.Contains("--certificate-key", result.StandardError);
    }

    [Fact]
    public async Task Summon_serve_with_a_certificate_key_but_no_certificate_exits_2_rather_than_serving_plain_HTTP()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();

        var result = await EndToEnd.Cli.RunAsync("serve", fx.Repo, "--certificate-key", fx.Combine("key.pem"));

        Assert.True(result.ExitCode == 2, result.Output);
        Assert.Contains("--certificate-key was given without --certificate", result.StandardError);
    }

    private static Process StartTool(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "summon-tool", "Summon.Cli.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start)!;
    }
}
