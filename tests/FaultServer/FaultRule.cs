namespace Summon.FaultInjection;

/// <summary>A fault bound to the paths it applies to, with what is left of its budget (<see cref="Fault.Times"/>).</summary>
internal sealed class FaultRule(PathGlob paths, Fault fault)
{
    private int used;

    public PathGlob Paths { get; } = paths;

    public Fault Fault { get; } = fault;

    /// <summary>Takes one use of the rule for a request to <paramref name="path"/>; false if it does not apply (any more).</summary>
    public bool TryTake(string path)
    {
        if (!Paths.IsMatch(path))
        {
            return false;
        }
        if (Fault.Times is not { } times)
        {
            return true;
        }
        // Interlocked, so a burst of K failures is exactly K even under concurrent requests.
        while (true)
        {
            var current = Volatile.Read(ref used);
            if (current >= times)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref used, current + 1, current) == current)
            {
                return true;
            }
        }
    }
}
