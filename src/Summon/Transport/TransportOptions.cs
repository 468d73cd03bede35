namespace Summon.Transport;

/// <summary>Bounds on every network operation, so that no import can hang forever.</summary>
internal sealed record TransportOptions
{
    /// <summary>How long establishing a connection may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a response may go without delivering a single byte.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public static TransportOptions Default { get; } = new();
}
