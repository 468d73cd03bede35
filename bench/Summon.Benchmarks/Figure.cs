using System.Globalization;

namespace Summon.Benchmarks;

/// <summary>One result line, in the one format bench/run.sh promises: <c>figure id summon v baseline v ratio r target t pass|fail</c>.</summary>
internal static class Figure
{
    private static string? resultsFile;

    public static void WriteTo(string file) => resultsFile = file;

    public static string Ms(double ms) => ms.ToString(ms < 10 ? "0.000" : "0.0", CultureInfo.InvariantCulture) + "ms";

    public static string Mb(double bytes) => (bytes / (1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + "MB";

    public static string R(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture);

    public static void Print(string id, string summon, string baseline, string ratio, string target, bool pass) =>
        Emit($"figure {id} summon {summon} baseline {baseline} ratio {ratio} target {target} {(pass ? "pass" : "fail")}");

    /// <summary>A figure that is a paired ratio with a ceiling: the medians of both sides, the ratio, and the target it must not exceed.</summary>
    public static void PrintRatio(string id, Paired result, double atMost) =>
        Print(id, Ms(result.A), Ms(result.B), R(result.Ratio), "<=" + R(atMost), result.Ratio <= atMost);

    /// <summary>A figure that could not be measured here; the reason goes to the log and the docs, the line stays parseable.</summary>
    public static void NotApplicable(string id, string target, string why)
    {
        Log.Write($"{id}: n/a: {why}");
        Emit($"figure {id} summon n/a baseline n/a ratio n/a target {target} n/a");
    }

    private static void Emit(string line)
    {
        Console.WriteLine(line);
        if (resultsFile is not null)
        {
            File.AppendAllText(resultsFile, line + "\n");
        }
    }
}

/// <summary>Progress and details go to stderr, so stdout carries only figure lines.</summary>
internal static class Log
{
    public static void Write(string message) => Console.Error.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {message}");
}

internal static class Stats
{
    /// <summary>The value a fraction <paramref name="at"/> of the way through the sorted values (0.25: the lower quartile).</summary>
    public static double Quartile(IReadOnlyList<double> values, double at)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Round(at * (sorted.Length - 1))];
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>
/// Two measurements taken in pairs, each pair close in time. The ratio is the median of the pairs' ratios, not the
/// ratio of the medians: on a shared machine a busy spell slows both members of a pair alike, so it cancels in the
/// pair's ratio, where it would shift one median and not the other if it fell in one half of a run.
/// </summary>
internal sealed record Paired(double A, double B, double Ratio, double RatioLow, double RatioHigh, int Count)
{
    public static Paired Of(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var ratios = a.Zip(b, (x, y) => x / y).ToList();
        return new Paired(Stats.Median(a), Stats.Median(b), Stats.Median(ratios), Stats.Quartile(ratios, 0.25), Stats.Quartile(ratios, 0.75), ratios.Count);
    }

    /// <summary>For the log: how far the pairs' ratios spread (their quartiles), and how many pairs there were.</summary>
    public override string ToString() => FormattableString.Invariant($"ratio {Ratio:0.000}, quartiles {RatioLow:0.000}–{RatioHigh:0.000}, {Count} pairs");
}
