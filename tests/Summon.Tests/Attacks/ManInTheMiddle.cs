using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Summon.Tests.Attacks;

/// <summary>What the man in the middle does with one request.</summary>
public abstract record Tamper
{
    /// <summary>Answers with these bytes instead of the repository's.</summary>
    public sealed record Serve(byte[] Body) : Tamper;

    /// <summary>Fetches the repository's answer and changes it on the way.</summary>
    public sealed record Rewrite(Func<byte[], byte[]> Change) : Tamper;

    /// <summary>Answers 200 and sends bytes without end (no Content-Length), until the client hangs up.</summary>
    public sealed record Endless : Tamper;
}

/// <summary>
/// An HTTP server on 127.0.0.1 that stands between the client and a repository server: every request is
/// forwarded to <see cref="Upstream"/> unless <see cref="Attack"/> says how to answer it instead. The client
/// cannot tell it from the repository, which is the position a hostile mirror, CDN or network is in.
/// </summary>
public sealed class ManInTheMiddle : IAsyncDisposable
{
    /// <summary>An endless answer stops here even if the client never hangs up, so a broken client fails instead of hanging the run.</summary>
    public const long EndlessCap = 64L * 1024 * 1024;

    private static readonly TimeSpan EndlessTimeLimit = TimeSpan.FromSeconds(20);
    private readonly WebApplication app;
    private readonly HttpClient forwarder = new() { Timeout = TimeSpan.FromSeconds(30) };

    private ManInTheMiddle(WebApplication app, Uri upstream)
    {
        this.app = app;
        Upstream = upstream;
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>The server requests are forwarded to; changing it swaps the mirror behind the same address.</summary>
    public Uri Upstream { get; set; }

    /// <summary>Decides, from the request path (e.g. <c>/metadata/timestamp.json</c>), how to tamper; null forwards untouched.</summary>
    public Func<string, Tamper?>? Attack { get; set; }

    /// <summary>Every path requested, in order, with what was done to it.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<ManInTheMiddle> StartAsync(Uri upstream)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var proxy = new ManInTheMiddle(app, upstream);
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy.Url = new Uri(address.TrimEnd('/') + "/");
        return proxy;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var tamper = Attack?.Invoke(path);
        Requests.Enqueue(tamper is null ? path : $"{path} ({tamper.GetType().Name})");
        switch (tamper)
        {
            case null:
                var (status, body) = await ForwardAsync(context.Request.Path.ToUriComponent(), context.RequestAborted);
                await WriteAsync(context, status, body);
                break;
            case Tamper.Serve serve:
                await WriteAsync(context, 200, serve.Body);
                break;
            case Tamper.Rewrite rewrite:
                var (upstreamStatus, genuine) = await ForwardAsync(context.Request.Path.ToUriComponent(), context.RequestAborted);
                await WriteAsync(context, upstreamStatus, upstreamStatus == 200 ? rewrite.Change(genuine) : genuine);
                break;
            case Tamper.Endless:
                await SendEndlessAsync(context);
                break;
        }
    }

    private async Task<(int Status, byte[] Body)> ForwardAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await forwarder.GetAsync(new Uri(Upstream, path.TrimStart('/')), cancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(cancellationToken));
    }

    private static async Task WriteAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private async Task SendEndlessAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        var chunk = new byte[16 * 1024];
        Array.Fill(chunk, (byte)'{');
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(EndlessTimeLimit);
        try
        {
            for (long sent = 0; sent < EndlessCap; sent += chunk.Length)
            {
                // Kestrel drops writes to a connection the client closed without throwing, so ask.
                deadline.Token.ThrowIfCancellationRequested();
                await context.Response.Body.WriteAsync(chunk, deadline.Token);
                await context.Response.Body.FlushAsync(deadline.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client hung up (what a client that caps its reads does) or the time limit passed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await app.StopAsync(timeout.Token);
        }
        await app.DisposeAsync();
        forwarder.Dispose();
    }
}
