using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Summon.Server;

/// <summary>How <see cref="SummonRepositoryServer"/> listens and reports.</summary>
public sealed class SummonServerOptions
{
    /// <summary>The port on 127.0.0.1 to listen on; 0 (the default) lets the system choose a free one.</summary>
    public int Port { get; init; }

    /// <summary>
    /// A certificate (with its private key) to serve HTTPS with; clients then get HTTP/2 or HTTP/1.1 as they
    /// choose in the TLS handshake (ALPN). Without one the server speaks plain HTTP/1.1, or see <see cref="CleartextHttp2"/>.
    /// </summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>
    /// Without a certificate, speak only HTTP/2 with prior knowledge (h2c) instead of HTTP/1.1, for a proxy or
    /// client configured for it. Kestrel cannot offer both on one plain endpoint, and browsers never use h2c.
    /// </summary>
    public bool CleartextHttp2 { get; init; }

    /// <summary>Called after each request is answered, on the request's thread; must be quick and must not throw.</summary>
    public Action<RequestLogEntry>? OnRequest { get; init; }

    /// <summary>Where to log each request as well, if anywhere.</summary>
    public ILogger? Logger { get; init; }
}
