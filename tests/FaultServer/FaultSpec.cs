using System.Globalization;

namespace Summon.FaultInjection;

/// <summary>
/// Faults written as text, for the command line and the control endpoint: comma-separated <c>key[=value]</c>, e.g.
/// <c>status=503,times=3</c>, <c>status=429,retry-after=1</c>, <c>truncate=100,times=1</c>, <c>stall=5s,stall-after=0</c>,
/// <c>drip=1000</c>, <c>length-delta=10</c>, <c>flip=5</c>, <c>reset</c>, <c>redirect-loop</c>,
/// <c>redirect-to=http://127.0.0.1:1/x</c>, <c>endless</c>, <c>huge=1000000</c>, <c>no-range</c>, <c>no-validators</c>,
/// <c>changing-validators</c>. Durations take <c>ms</c> or <c>s</c> (seconds when bare).
/// </summary>
public static class FaultSpec
{
    /// <summary>Parses a fault; throws <see cref="FormatException"/> naming the part it does not understand.</summary>
    public static Fault Parse(string spec)
    {
        var fault = new Fault();
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? "" : part[(equals + 1)..];
            fault = key switch
            {
                "times" => fault with { Times = Int(value, part) },
                "status" => fault with { Status = Int(value, part) },
                "retry-after" => fault with { RetryAfter = Duration(value, part) },
                "reset" => fault with { Reset = true },
                "truncate" => fault with { TruncateAfter = Long(value, part) },
                "stall" => fault with { Stall = Duration(value, part) },
                "stall-after" => fault with { StallAfter = Long(value, part) },
                "drip" => fault with { DripBytesPerSecond = Int(value, part) },
                "length-delta" => fault with { ContentLengthDelta = Long(value, part) },
                "flip" => fault with { FlipByteAt = Long(value, part) },
                "redirect-loop" => fault with { RedirectLoop = true },
                "redirect-to" => fault with { RedirectTo = Uri.TryCreate(value, UriKind.Absolute, out var url) ? url : throw Bad(part) },
                "endless" => fault with { Endless = true },
                "huge" => fault with { HugeLength = Long(value, part) },
                "no-range" => fault with { NoRange = true },
                "no-validators" => fault with { NoValidators = true },
                "changing-validators" => fault with { ChangingValidators = true },
                _ => throw Bad(part),
            };
        }
        return fault;
    }

    /// <summary>Parses <c>PATTERN:SPEC</c> (the pattern is everything before the first colon).</summary>
    public static (string Pattern, Fault Fault) ParseRule(string rule)
    {
        var colon = rule.IndexOf(':', StringComparison.Ordinal);
        return colon <= 0 ? throw Bad(rule) : (rule[..colon], Parse(rule[(colon + 1)..]));
    }

    private static int Int(string value, string part) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw Bad(part);

    private static long Long(string value, string part) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw Bad(part);

    private static TimeSpan Duration(string value, string part)
    {
        var (number, scale) = value.EndsWith("ms", StringComparison.Ordinal) ? (value[..^2], 0.001)
            : value.EndsWith('s') ? (value[..^1], 1.0)
            : (value, 1.0);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0
            ? TimeSpan.FromSeconds(n * scale)
            : throw Bad(part);
    }

    private static FormatException Bad(string part) =>
        new($"The fault \"{part}\" is not understood; see FaultSpec for the forms (e.g. status=503,times=3 or targets/**:truncate=100).");
}
