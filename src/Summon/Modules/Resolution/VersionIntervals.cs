using System.Runtime.CompilerServices;
using System.Text;
using NuGet.Versioning;

namespace Summon.Modules.Resolution;

/// <summary>
/// A set of versions as sorted, disjoint, non-touching intervals. The canonical form makes equality a plain
/// comparison of segments, which the solver relies on to tell whether a term is satisfied.
/// </summary>
internal sealed class VersionIntervals : IEquatable<VersionIntervals>
{
    /// <summary>One end of an interval; a null version is unbounded on that side.</summary>
    internal readonly record struct Bound(NuGetVersion? Version, bool Inclusive)
    {
        public bool IsUnbounded => Version is null;

        public Bound Flip() => new(Version, !Inclusive);
    }

    internal readonly record struct Segment(Bound Lower, Bound Upper);

    private static readonly Bound Unbounded = new(null, false);

    // The comparer itself rather than NuGetVersion.CompareTo, which looks the comparer up by mode on every call;
    // the solver compares versions hundreds of thousands of times on a large graph.
    private static readonly VersionComparer Comparer = new(VersionComparison.Default);

    public static VersionIntervals Empty { get; } = new([]);

    public static VersionIntervals Full { get; } = new([new Segment(Unbounded, Unbounded)]);

    private readonly Segment[] _segments;

    private VersionIntervals(Segment[] segments) => _segments = segments;

    public IReadOnlyList<Segment> Segments => _segments;

    public bool IsEmpty => _segments.Length == 0;

    public bool IsFull => _segments.Length == 1 && _segments[0].Lower.IsUnbounded && _segments[0].Upper.IsUnbounded;

    public static VersionIntervals Exactly(NuGetVersion version) =>
        new([new Segment(new Bound(version, true), new Bound(version, true))]);

    public static VersionIntervals Between(NuGetVersion? min, bool minInclusive, NuGetVersion? max, bool maxInclusive)
    {
        var segment = new Segment(new Bound(min, min is not null && minInclusive), new Bound(max, max is not null && maxInclusive));
        return IsValid(segment) ? new([segment]) : Empty;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Contains(NuGetVersion version)
    {
        int low = 0, high = _segments.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            var segment = _segments[middle];
            if (!AboveLower(version, segment.Lower))
            {
                high = middle - 1;
            }
            else if (!BelowUpper(version, segment.Upper))
            {
                low = middle + 1;
            }
            else
            {
                return true;
            }
        }
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public VersionIntervals Complement()
    {
        if (_segments.Length == 0)
        {
            return Full;
        }
        var result = new List<Segment>(_segments.Length + 1);
        if (!_segments[0].Lower.IsUnbounded)
        {
            result.Add(new Segment(Unbounded, _segments[0].Lower.Flip()));
        }
        for (var i = 0; i + 1 < _segments.Length; i++)
        {
            result.Add(new Segment(_segments[i].Upper.Flip(), _segments[i + 1].Lower.Flip()));
        }
        if (!_segments[^1].Upper.IsUnbounded)
        {
            result.Add(new Segment(_segments[^1].Upper.Flip(), Unbounded));
        }
        return new([.. result]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public VersionIntervals Intersect(VersionIntervals other)
    {
        if (IsEmpty || other.IsFull)
        {
            return this;
        }
        if (other.IsEmpty || IsFull)
        {
            return other;
        }
        // Nested sets are common (a derivation repeating a bound already known); answering with the smaller one builds nothing.
        if (IsSubsetOf(other))
        {
            return this;
        }
        if (other.IsSubsetOf(this))
        {
            return other;
        }
        var result = new List<Segment>(_segments.Length + other._segments.Length);
        int i = 0, j = 0;
        while (i < _segments.Length && j < other._segments.Length)
        {
            var a = _segments[i];
            var b = other._segments[j];
            var segment = Overlap(a, b);
            if (IsValid(segment))
            {
                result.Add(segment);
            }
            if (CompareUpper(a.Upper, b.Upper) <= 0)
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return result.Count == 0 ? Empty : new([.. result]);
    }

    /// <summary>Every version in this set is in <paramref name="other"/>; checked in one pass, without building sets.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool IsSubsetOf(VersionIntervals other)
    {
        var j = 0;
        foreach (var segment in _segments)
        {
            // Segments of a canonical set are separated by gaps, so a segment of a subset lies within one of them.
            while (j < other._segments.Length && CompareUpper(other._segments[j].Upper, segment.Upper) < 0)
            {
                j++;
            }
            if (j == other._segments.Length || CompareLower(other._segments[j].Lower, segment.Lower) > 0)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>No version is in both sets; checked in one pass, without building sets.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool IsDisjointFrom(VersionIntervals other)
    {
        int i = 0, j = 0;
        while (i < _segments.Length && j < other._segments.Length)
        {
            var a = _segments[i];
            var b = other._segments[j];
            if (IsValid(Overlap(a, b)))
            {
                return false;
            }
            if (CompareUpper(a.Upper, b.Upper) <= 0)
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return true;
    }

    // Through the complement, so the result comes out canonical (touching pieces joined) without a merge pass.
    public VersionIntervals Union(VersionIntervals other) =>
        IsEmpty ? other : other.IsEmpty ? this : Complement().Intersect(other.Complement()).Complement();

    public bool Equals(VersionIntervals? other) => other is not null && _segments.AsSpan().SequenceEqual(other._segments);

    public override bool Equals(object? obj) => Equals(obj as VersionIntervals);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var segment in _segments)
        {
            hash.Add(segment);
        }
        return hash.ToHashCode();
    }

    /// <summary>Written the way people write constraints: <c>1.4.0</c>, <c>&gt;=1.2.0 &lt;2.0.0</c>, <c>&gt;=2.0.0</c>.</summary>
    public override string ToString()
    {
        if (IsEmpty)
        {
            return "no version";
        }
        if (IsFull)
        {
            return "any version";
        }
        var text = new StringBuilder();
        foreach (var segment in _segments)
        {
            if (text.Length > 0)
            {
                text.Append(" or ");
            }
            var (lower, upper) = (segment.Lower, segment.Upper);
            if (lower.Inclusive && upper.Inclusive && lower.Version == upper.Version)
            {
                text.Append(lower.Version!.ToNormalizedString());
                continue;
            }
            if (!lower.IsUnbounded)
            {
                text.Append(lower.Inclusive ? ">=" : ">").Append(lower.Version!.ToNormalizedString());
            }
            if (!upper.IsUnbounded)
            {
                text.Append(lower.IsUnbounded ? "" : " ").Append(upper.Inclusive ? "<=" : "<").Append(upper.Version!.ToNormalizedString());
            }
        }
        return text.ToString();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool AboveLower(NuGetVersion version, Bound lower)
    {
        if (lower.IsUnbounded)
        {
            return true;
        }
        var comparison = Comparer.Compare(version, lower.Version);
        return comparison > 0 || (comparison == 0 && lower.Inclusive);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool BelowUpper(NuGetVersion version, Bound upper)
    {
        if (upper.IsUnbounded)
        {
            return true;
        }
        var comparison = Comparer.Compare(version, upper.Version);
        return comparison < 0 || (comparison == 0 && upper.Inclusive);
    }

    // An inclusive lower bound starts before an exclusive one at the same version.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CompareLower(Bound a, Bound b)
    {
        if (a.IsUnbounded || b.IsUnbounded)
        {
            return (a.IsUnbounded ? 0 : 1) - (b.IsUnbounded ? 0 : 1);
        }
        var comparison = Comparer.Compare(a.Version, b.Version);
        return comparison != 0 ? comparison : (a.Inclusive ? 0 : 1) - (b.Inclusive ? 0 : 1);
    }

    // An exclusive upper bound ends before an inclusive one at the same version.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CompareUpper(Bound a, Bound b)
    {
        if (a.IsUnbounded || b.IsUnbounded)
        {
            return (a.IsUnbounded ? 1 : 0) - (b.IsUnbounded ? 1 : 0);
        }
        var comparison = Comparer.Compare(a.Version, b.Version);
        return comparison != 0 ? comparison : (a.Inclusive ? 1 : 0) - (b.Inclusive ? 1 : 0);
    }

    /// <summary>The versions in both segments: the higher lower bound and the lower upper bound (empty when they cross).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Segment Overlap(Segment a, Segment b) =>
        new(CompareLower(a.Lower, b.Lower) >= 0 ? a.Lower : b.Lower, CompareUpper(a.Upper, b.Upper) <= 0 ? a.Upper : b.Upper);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsValid(Segment segment)
    {
        if (segment.Lower.IsUnbounded || segment.Upper.IsUnbounded)
        {
            return true;
        }
        var comparison = Comparer.Compare(segment.Lower.Version, segment.Upper.Version);
        return comparison < 0 || (comparison == 0 && segment.Lower.Inclusive && segment.Upper.Inclusive);
    }
}
