using Microsoft.Extensions.Logging;

namespace Summon.Server;

/// <summary>How <see cref="SummonRepositoryServer"/> listens and reports.</summary>
public sealed class SummonServerOptions
{
    /// <summary>The port on 127.0.0.1 to listen on; 0 (the default) lets the system choose a free one.</summary>
    public int Port { get; init; }

    /// <summary>Called after each request is answered, on the request's thread; must be quick and must not throw.</summary>
    public Action<RequestLogEntry>? OnRequest { get; init; }

    /// <summary>Where to log each request as well, if anywhere.</summary>
    public ILogger? Logger { get; init; }
}
