using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Summon.FaultInjection;

/// <summary>
/// A static file server on 127.0.0.1 that serves a folder (a repository) and misbehaves on request: faults are
/// set per path pattern, counted per path, and every one of them ends. Used in-process by tests
/// (<see cref="StartAsync"/>, <see cref="Inject"/>) and from other processes as an exe with a control endpoint
/// (<see cref="ControlEndpoints"/>).
/// </summary>
public sealed class FaultServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string root;
    private readonly FaultServerOptions options;
    private readonly List<FaultRule> rules = [];
    private readonly ConcurrentDictionary<string, int> counts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RequestRecord> requests = new();
    private readonly CancellationTokenSource stopping = new();
    private long responses;

    private FaultServer(WebApplication app, string root, FaultServerOptions options)
    {
        this.app = app;
        this.root = root;
        this.options = options;
    }

    /// <summary>The base URL, ending with a slash: <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The self-signed certificate served when <see cref="FaultServerOptions.Https"/> is set; clients must trust it explicitly.</summary>
    public X509Certificate2? Certificate { get; private set; }

    /// <summary>Every request received so far, in order of arrival.</summary>
    public IReadOnlyList<RequestRecord> Requests => requests.ToArray();

    /// <summary>How many requests have been received in all (control requests excluded).</summary>
    public int TotalRequests => counts.Values.Sum();

    /// <summary>Starts serving <paramref name="rootDirectory"/>.</summary>
    public static async Task<FaultServer> StartAsync(string rootDirectory, FaultServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FaultServerOptions();
        var root = Path.GetFullPath(rootDirectory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The folder to serve, {root}, does not exist.");
        }
        var certificate = options.Https ? SelfSignedCertificate.ForLoopback() : null;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = root, Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        // Stalled and endless responses are cancelled at once on shutdown, so stopping never waits for a fault.
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));
        var app = builder.Build();
        var server = new FaultServer(app, root, options) { Certificate = certificate };
        ControlEndpoints.Map(app, server);
        // A fallback rather than terminal middleware, so the control endpoints are routed first.
        app.MapFallback("{**path}", server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The fault server started but reported no address.");
        server.Url = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        return server;
    }

    /// <summary>
    /// Applies <paramref name="fault"/> to requests whose path matches <paramref name="pathPattern"/> (see
    /// <see cref="PathGlob"/>; <c>**</c> for every path). Rules are tried in the order they were added; the first
    /// that matches and has budget left applies.
    /// </summary>
    public void Inject(string pathPattern, Fault fault)
    {
        lock (rules)
        {
            rules.Add(new FaultRule(new PathGlob(pathPattern), fault));
        }
    }

    /// <summary>Removes every fault: from now on the folder is served correctly.</summary>
    public void ClearFaults()
    {
        lock (rules)
        {
            rules.Clear();
        }
    }

    /// <summary>How many requests were made for <paramref name="path"/> (relative to the root, with or without a leading slash).</summary>
    public int RequestCount(string path) => counts.TryGetValue(path.TrimStart('/'), out var count) ? count : 0;

    /// <summary>Requests per path so far.</summary>
    public IReadOnlyDictionary<string, int> RequestCounts => new Dictionary<string, int>(counts, StringComparer.Ordinal);

    private async Task HandleAsync(HttpContext context)
    {
        var path = Uri.UnescapeDataString(context.Request.Path.Value ?? "/").TrimStart('/');
        counts.AddOrUpdate(path, 1, (_, c) => c + 1);
        var fault = TakeFault(path);
        requests.Enqueue(new RequestRecord(path, NullIfEmpty(context.Request.Headers.Range.ToString()), NullIfEmpty(context.Request.Headers.IfRange.ToString()), fault));
        var file = Resolve(path);
        var generates = fault is { Endless: true } or { HugeLength: not null } or { Status: not null } or { Reset: true } or { RedirectLoop: true } or { RedirectTo: not null };
        if (file is null && !generates)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var responder = new FaultyResponder(context, file ?? "", fault ?? new Fault(), options.MaxEndlessBytes, Interlocked.Increment(ref responses), stopping.Token);
        try
        {
            await responder.RespondAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client went away or the server is stopping: the fault is over.
            context.Abort();
        }
        catch (IOException)
        {
            context.Abort();
        }
    }

    private Fault? TakeFault(string path)
    {
        lock (rules)
        {
            return rules.FirstOrDefault(r => r.TryTake(path))?.Fault;
        }
    }

    /// <summary>The file for a request path, or null if there is none or the path leaves the root.</summary>
    private string? Resolve(string path)
    {
        var full = Path.GetFullPath(Path.Combine(root, path));
        var inside = full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return inside && File.Exists(full) ? full : null;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    /// <summary>Stops the server, ending every fault in progress at once.</summary>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await app.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
        await app.DisposeAsync().ConfigureAwait(false);
        stopping.Dispose();
        Certificate?.Dispose();
    }
}
