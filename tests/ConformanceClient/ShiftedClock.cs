namespace Summon.ConformanceClient;

/// <summary>The system clock moved by a fixed amount (the protocol's optional <c>--days-in-future</c>).</summary>
internal sealed class ShiftedClock(TimeSpan shift) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
}
