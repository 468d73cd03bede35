namespace Summon.FaultInjection;

/// <summary>One request the server received: its path, its <c>Range</c> and <c>If-Range</c> headers, and the fault applied, if any.</summary>
public sealed record RequestRecord(string Path, string? Range, string? IfRange, Fault? Fault);
