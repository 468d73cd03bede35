namespace Summon.Loading;

/// <summary>A version range in the plain subset of NuGet's syntax: numeric bounds, no floating, no prerelease.</summary>
internal readonly record struct PlainRange(Version? Min, bool MinInclusive, Version? Max, bool MaxInclusive)
{
    public static readonly PlainRange All = new(null, false, null, false);

    public bool Contains(Version version) =>
        (Min is null || (MinInclusive ? version >= Min : version > Min))
        && (Max is null || (MaxInclusive ? version <= Max : version < Max));
}

/// <summary>
/// The versions and ranges the warm path decides on by itself, with <see cref="Version"/> instead of NuGet.Versioning
/// (whose load and first use cost a process several milliseconds): plain <c>major.minor.patch</c> versions as the
/// cache names its folders, and ranges with numeric bounds (<c>1.2</c>, <c>[1.0,2.0)</c>, <c>(,3.0]</c>, <c>[1.4.2]</c>).
/// Anything else (floating ranges, prereleases, build metadata) is not parsed here: the callers leave those to
/// NuGet.Versioning, so every answer given here is the one NuGet would give.
/// </summary>
internal static class PlainVersions
{
    /// <summary>A cache folder name or lock file version: exactly <c>major.minor.patch</c>, digits without leading zeros.</summary>
    public static Version? TryParseExact(string text) => TryParse(text, 3, 3);

    /// <summary>A range, or null when it is not in the plain subset. <paramref name="text"/> null (no range given) is every version.</summary>
    public static PlainRange? TryParseRange(string? text)
    {
        if (text is null)
        {
            return PlainRange.All;
        }
        var range = text.Trim();
        if (range.Length == 0)
        {
            return null;
        }
        if (range[0] is not ('[' or '('))
        {
            // A bare version is a minimum, as in NuGet: 1.2 means 1.2 or later.
            return TryParse(range, 1, 4) is { } minimum ? new PlainRange(minimum, true, null, false) : null;
        }
        var minInclusive = range[0] == '[';
        var maxInclusive = range[^1] == ']';
        if (range.Length < 3 || range[^1] is not (']' or ')'))
        {
            return null;
        }
        var inner = range[1..^1];
        var comma = inner.IndexOf(',');
        if (comma < 0)
        {
            return minInclusive && maxInclusive && TryParse(inner.Trim(), 1, 4) is { } exact ? new PlainRange(exact, true, exact, true) : null;
        }
        var (minText, maxText) = (inner[..comma].Trim(), inner[(comma + 1)..].Trim());
        if (maxText.Contains(',') || (minText.Length == 0 && maxText.Length == 0))
        {
            return null;
        }
        var min = minText.Length == 0 ? null : TryParse(minText, 1, 4);
        var max = maxText.Length == 0 ? null : TryParse(maxText, 1, 4);
        if ((minText.Length > 0 && min is null) || (maxText.Length > 0 && max is null)
            || (min is not null && max is not null && (min > max || (min == max && !(minInclusive && maxInclusive)))))
        {
            return null;
        }
        return new PlainRange(min, minInclusive && min is not null, max, maxInclusive && max is not null);
    }

    /// <summary>
    /// <paramref name="minParts"/> to <paramref name="maxParts"/> dot-separated numbers without leading zeros, as a
    /// four-part <see cref="Version"/> (missing parts are 0, which is how NuGet compares them).
    /// </summary>
    private static Version? TryParse(string text, int minParts, int maxParts)
    {
        // An array, not stackalloc: a method with stackalloc is always fully optimized by the JIT, which costs more than it saves here.
        var parts = new int[4];
        var count = 0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] != '.')
            {
                if (!char.IsAsciiDigit(text[i]) || i - start >= 9)
                {
                    return null;
                }
                continue;
            }
            var length = i - start;
            if (length == 0 || (length > 1 && text[start] == '0') || count == maxParts)
            {
                return null;
            }
            Cache.AsciiText.TryParseDigits(text, start, length, out var part);
            parts[count++] = (int)part;
            start = i + 1;
        }
        return count < minParts ? null : new Version(parts[0], parts[1], parts[2], parts[3]);
    }
}
