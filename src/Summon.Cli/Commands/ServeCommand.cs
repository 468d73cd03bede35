using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Summon.Server;

namespace Summon.Cli.Commands;

/// <summary><c>summon serve</c>: a repository on 127.0.0.1 for development and demos, with a request log.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("repo-dir") { Description = "The repository folder to serve" };
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (default 0: any free port)" };
        var certificate = new Option<string?>("--certificate") { Description = "Serve HTTPS with HTTP/2 and HTTP/1.1: a PEM certificate (with --certificate-key) or a PKCS#12 file (.pfx/.p12; password from SUMMON_CERTIFICATE_PASSWORD)" };
        var certificateKey = new Option<string?>("--certificate-key") { Description = "The PEM private key of --certificate, if it is not in the same file" };
        var command = new Command("serve", "Serve a repository on 127.0.0.1; prints its URL, then one line per request, until Ctrl+C") { directory, port, certificate, certificateKey };
        command.SetAction((parse, cancellationToken) => ExitCodes.RunAsync(parse, async output =>
        {
            if (parse.GetValue(certificate) is null && parse.GetValue(certificateKey) is not null)
            {
                // Serving plain HTTP when the user meant HTTPS would only show up later, as clients failing to connect.
                throw new SummonConfigurationException("--certificate-key was given without --certificate. Give the PEM certificate with --certificate, or leave both out to serve plain HTTP.");
            }
            using var tlsCertificate = parse.GetValue(certificate) is { } certificatePath ? LoadCertificate(certificatePath, parse.GetValue(certificateKey)) : null;
            var options = new SummonServerOptions
            {
                Port = parse.GetValue(port),
                Certificate = tlsCertificate,
                OnRequest = r => output.Output.WriteLine($"{r.Method} {r.Path} {r.StatusCode} {r.Bytes}"),
            };
            await using var server = await SummonRepositoryServer.StartAsync(parse.GetValue(directory)!, options, cancellationToken);
            output.Line(server.Url.ToString());
            output.Note($"Serving {server.RepositoryDirectory}; press Ctrl+C to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C is how the server is meant to stop.
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static X509Certificate2 LoadCertificate(string path, string? keyPath)
    {
        try
        {
            var extension = Path.GetExtension(path).ToLowerInvariant();
            return extension is ".pfx" or ".p12"
                ? X509CertificateLoader.LoadPkcs12FromFile(path, Environment.GetEnvironmentVariable("SUMMON_CERTIFICATE_PASSWORD"))
                : X509Certificate2.CreateFromPemFile(path, keyPath);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new SummonConfigurationException(
                $"The certificate {path} cannot be used ({e.Message}). Give a PEM certificate and its key (--certificate-key), or a PKCS#12 file (.pfx) with its password in SUMMON_CERTIFICATE_PASSWORD.", e);
        }
    }
}
