using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Summon.Tests.Server.Hosting;

/// <summary>
/// A real nginx (Debian's package; test.sh installs it) on 127.0.0.1 serving a repository folder with the repository's
/// own template, docs/hosting/nginx.conf, from a prefix folder of its own. Stopped, by its process id, when disposed.
/// </summary>
internal sealed class NginxServer : IDisposable
{
    private const string TemplateListen = "listen 80;";
    private const string TemplateRoot = "root /srv/summon/repository;";
    private readonly TempDirectory prefix = new("nginx");
    private Process? process;

    private NginxServer()
    {
    }

    public Uri Url { get; private set; } = null!;

    public string AccessLog => prefix.Combine("access.log");

    public static async Task<NginxServer> StartAsync(string repositoryDirectory)
    {
        var executable = new[] { "/usr/sbin/nginx" }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(dir => Path.Combine(dir, "nginx")))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx is not installed, so the repository cannot be checked behind it. Run ./test.sh as root (it installs Debian's nginx) or `apt-get install nginx`.");
        var server = new NginxServer();
        try
        {
            // A port picked free a moment ago may be taken before nginx binds it: a few tries.
            for (var attempt = 1; ; attempt++)
            {
                var port = FreePort();
                server.WriteConfiguration(repositoryDirectory, port);
                if (await server.TryStartAsync(executable, port))
                {
                    return server;
                }
                if (attempt == 3)
                {
                    throw new InvalidOperationException($"nginx did not start: {File.ReadAllText(server.prefix.Combine("stderr.log"))}");
                }
            }
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    private void WriteConfiguration(string repositoryDirectory, int port)
    {
        var template = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "hosting", "nginx.conf"));
        Assert.Contains(TemplateListen, template);
        Assert.Contains(TemplateRoot, template);
        File.WriteAllText(prefix.Combine("summon.conf"), template
            .Replace(TemplateListen, $"listen 127.0.0.1:{port};", StringComparison.Ordinal)
            .Replace(TemplateRoot, $"root {Path.GetFullPath(repositoryDirectory)};", StringComparison.Ordinal));
        var temp = prefix.Combine("temp");
        Directory.CreateDirectory(temp);
        // As root, nginx's workers would otherwise run as nobody, who cannot read a test's temp folder.
        var user = Environment.UserName == "root" ? "user root;\n" : "";
        File.WriteAllText(prefix.Combine("nginx.conf"), $$"""
            {{user}}worker_processes 1;
            pid {{prefix.Combine("nginx.pid")}};
            error_log {{prefix.Combine("error.log")}} warn;
            events { worker_connections 256; }
            http {
                access_log {{AccessLog}};
                client_body_temp_path {{temp}}/body;
                proxy_temp_path {{temp}}/proxy;
                fastcgi_temp_path {{temp}}/fastcgi;
                uwsgi_temp_path {{temp}}/uwsgi;
                scgi_temp_path {{temp}}/scgi;
                include {{prefix.Combine("summon.conf")}};
            }
            """);
    }

    private async Task<bool> TryStartAsync(string executable, int port)
    {
        var start = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-p", prefix.Path, "-c", prefix.Combine("nginx.conf"), "-e", "stderr", "-g", "daemon off;" })
        {
            start.ArgumentList.Add(argument);
        }
        process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        for (var i = 0; i < 100 && !process.HasExited; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                Url = new Uri($"http://127.0.0.1:{port}/");
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        Stop();
        File.WriteAllText(prefix.Combine("stderr.log"), await errors);
        return false;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Summon.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Summon.slnx above {AppContext.BaseDirectory}.");
    }

    private void Stop()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        process?.Dispose();
        process = null;
    }

    public void Dispose()
    {
        Stop();
        prefix.Dispose();
    }
}
