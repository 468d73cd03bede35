namespace Summon.FaultInjection;

/// <summary>How the fault server listens and how far its endless faults go.</summary>
public sealed record FaultServerOptions
{
    /// <summary>The port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Serve https with a self-signed certificate for 127.0.0.1 (see <see cref="FaultServer.Certificate"/>).</summary>
    public bool Https { get; init; }

    /// <summary>Where an "endless" body stops anyway, so a client that never gives up cannot keep the server busy forever.</summary>
    public long MaxEndlessBytes { get; init; } = 1L << 30;
}
