using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Summon.Server;

/// <summary>
/// A Kestrel server on 127.0.0.1 that serves one repository folder (and its page for people at <c>/</c>), counts
/// and reports every request; HTTPS with HTTP/2 when given a certificate. For development, demos and tests;
/// production repositories can live on any static host (docs/hosting.md).
/// </summary>
public sealed class SummonRepositoryServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private long requestCount;

    private SummonRepositoryServer(WebApplication app, string repositoryDirectory)
    {
        this.app = app;
        RepositoryDirectory = repositoryDirectory;
    }

    /// <summary>The base URL the repository is served at, ending with a slash (for example <c>http://127.0.0.1:5123/</c>).</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The folder being served.</summary>
    public string RepositoryDirectory { get; }

    /// <summary>How many requests have been answered since the server started.</summary>
    public long RequestCount => Interlocked.Read(ref requestCount);

    /// <summary>Starts serving <paramref name="repositoryDirectory"/> on 127.0.0.1.</summary>
    public static async Task<SummonRepositoryServer> StartAsync(string repositoryDirectory, SummonServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SummonServerOptions();
        var root = Path.GetFullPath(repositoryDirectory);
        if (!Directory.Exists(root))
        {
            throw new SummonException($"The repository folder {root} does not exist. Create it with `summon repo init {root} --keys <keys-dir>`.");
        }
        if (options.Port is < 0 or > 65535)
        {
            throw new SummonException($"Port {options.Port} is not valid; use 1 to 65535, or 0 for any free port.");
        }
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // Not the repository: the host reads appsettings*.json from its content root and, reloading on change, watches
            // that folder and every folder below it. For a repository of 100 000 modules that was some 230 000 inotify
            // watches (past many systems' limit), and a published file named appsettings.json would have configured the server.
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen => ChooseProtocols(listen, options));
            kestrel.Limits.MaxConcurrentConnections = 1000;
            kestrel.Limits.MaxRequestBodySize = 0;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(30);
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
        });
        var app = builder.Build();
        var server = new SummonRepositoryServer(app, root);
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                server.Record(context, options);
            }
        });
        app.MapSummonRepository("", root);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new SummonException($"Could not listen on 127.0.0.1:{options.Port}: {e.Message}. Choose another port (--port) or 0 for any free one.", e);
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new SummonException("The server started but reported no address.");
        server.Url = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>
    /// HTTP/2 needs TLS to be negotiated: with a certificate both versions are offered by ALPN. A plain Kestrel
    /// endpoint configured for both silently speaks only HTTP/1.1 (it cannot tell an h2c preface from a request),
    /// so plain HTTP is one or the other, HTTP/1.1 unless asked, since browsers only speak that in the clear.
    /// </summary>
    private static void ChooseProtocols(ListenOptions listen, SummonServerOptions options)
    {
        if (options.Certificate is { } certificate)
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(certificate);
        }
        else
        {
            listen.Protocols = options.CleartextHttp2 ? HttpProtocols.Http2 : HttpProtocols.Http1;
        }
    }

    /// <summary>Stops accepting requests and waits (bounded by <paramref name="cancellationToken"/>) for those in flight.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => app.StopAsync(cancellationToken);

    /// <summary>Stops the server and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private void Record(HttpContext context, SummonServerOptions options)
    {
        Interlocked.Increment(ref requestCount);
        var response = context.Response;
        var bytes = HttpMethods.IsHead(context.Request.Method) || response.StatusCode == StatusCodes.Status304NotModified ? 0 : response.ContentLength ?? 0;
        var entry = new RequestLogEntry(context.Request.Method, context.Request.Path.Value ?? "/", response.StatusCode, bytes) { Protocol = context.Request.Protocol };
        options.OnRequest?.Invoke(entry);
        if (options.Logger is { } logger && logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("{Method} {Path} {Status} {Bytes}", entry.Method, entry.Path, entry.StatusCode, entry.Bytes);
        }
    }
}
