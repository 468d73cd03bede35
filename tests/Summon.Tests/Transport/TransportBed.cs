using System.Net;
using System.Net.Sockets;
using Summon.FaultInjection;
using Summon.Transport;

namespace Summon.Tests.Transport;

/// <summary>
/// A repository folder with one file, served by a <see cref="FaultServer"/> on 127.0.0.1, and fetchers with short
/// bounds that record the waits between attempts instead of sleeping them (so tests count, never time).
/// </summary>
internal sealed class TransportBed : IAsyncDisposable
{
    public const string FilePath = "targets/blob.bin";

    private readonly TempDirectory folder = new("transport");
    private readonly List<HttpFetcher> fetchers = [];

    private TransportBed(byte[] content) => Content = content;

    public byte[] Content { get; }

    public FaultServer Server { get; private set; } = null!;

    public Uri FileUrl => new(Server.Url, FilePath);

    public List<TimeSpan> Waits { get; } = [];

    public static TransportOptions ShortOptions { get; } = new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(5),
        // Generous: a first response on a busy machine (JIT, parallel tests) must not look like a stall. Stall tests shorten it.
        StallTimeout = TimeSpan.FromSeconds(10),
        FetchTimeout = TimeSpan.FromSeconds(60),
        MaxAttempts = 4,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        RetryMaxDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryAfter = TimeSpan.FromSeconds(5),
        MaxRedirects = 5,
    };

    /// <summary>A bed serving <paramref name="length"/> bytes that differ from offset to offset (so a misplaced byte shows).</summary>
    public static async Task<TransportBed> StartAsync(int length = 200_000, FaultServerOptions? options = null)
    {
        var content = new byte[length];
        for (var i = 0; i < length; i++)
        {
            content[i] = (byte)(i * 31 + i / 251);
        }
        var bed = new TransportBed(content);
        var path = bed.folder.Combine("targets", "blob.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, content);
        bed.Server = await FaultServer.StartAsync(bed.folder.Path, options);
        return bed;
    }

    /// <summary>A fetcher with <see cref="ShortOptions"/> (or <paramref name="options"/>) whose waits are recorded, not slept.</summary>
    public HttpFetcher Fetcher(TransportOptions? options = null, bool sleep = false)
    {
        var handler = new SocketsHttpHandler();
        if (Server.Certificate is { } certificate)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
                presented is not null && presented.GetCertHashString() == certificate.GetCertHashString();
        }
        var fetcher = new HttpFetcher(options ?? ShortOptions, handler, sleep ? Task.Delay : Record);
        fetchers.Add(fetcher);
        return fetcher;
    }

    public async Task<byte[]> FetchStreamAsync(IFetcher fetcher, long? maxLength = null, CancellationToken cancellationToken = default)
    {
        using var destination = new MemoryStream();
        await fetcher.FetchToStreamAsync(FileUrl, new WriteOnlyStream(destination), maxLength ?? Content.Length, cancellationToken);
        return destination.ToArray();
    }

    /// <summary>A URL on 127.0.0.1 where nothing listens: connections are refused at once.</summary>
    public static Uri DeadBase()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    private Task Record(TimeSpan wait, CancellationToken cancellationToken)
    {
        lock (Waits)
        {
            Waits.Add(wait);
        }
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var fetcher in fetchers)
        {
            fetcher.Dispose();
        }
        await Server.DisposeAsync();
        folder.Dispose();
    }
}
