using NuGet.Versioning;

namespace Summon.Modules.Resolution;

/// <summary>
/// A set of versions of one module, kept as two interval sets: one for stable versions and one for
/// prereleases. NuGet's rule — a range admits prereleases only when it names one — is not an interval, but it
/// is one per half, so the set algebra stays exact.
/// </summary>
internal sealed class VersionSet : IEquatable<VersionSet>
{
    public static VersionSet Empty { get; } = new(VersionIntervals.Empty, VersionIntervals.Empty);

    public static VersionSet Full { get; } = new(VersionIntervals.Full, VersionIntervals.Full);

    private VersionSet(VersionIntervals stable, VersionIntervals prerelease)
    {
        Stable = stable;
        Prerelease = prerelease;
    }

    public VersionIntervals Stable { get; }

    public VersionIntervals Prerelease { get; }

    public bool IsEmpty => Stable.IsEmpty && Prerelease.IsEmpty;

    public bool IsFull => Stable.IsFull && Prerelease.IsFull;

    public static VersionSet Exactly(NuGetVersion version) => version.IsPrerelease
        ? new(VersionIntervals.Empty, VersionIntervals.Exactly(version))
        : new(VersionIntervals.Exactly(version), VersionIntervals.Empty);

    /// <summary>The same interval for stable versions and prereleases alike.</summary>
    public static VersionSet Interval(VersionIntervals intervals) => new(intervals, intervals);

    /// <summary>
    /// The versions a NuGet range admits under Summon's policy (see <see cref="ModuleRequest.Choose"/>):
    /// prereleases only when the range names one, and a floating range limited by its pattern.
    /// </summary>
    public static VersionSet FromRange(VersionRange range)
    {
        var bounds = VersionIntervals.Between(range.MinVersion, range.IsMinInclusive, range.MaxVersion, range.IsMaxInclusive);
        if (!range.IsFloating)
        {
            var allowPrerelease = range.MinVersion?.IsPrerelease == true || range.MaxVersion?.IsPrerelease == true;
            return new(bounds, allowPrerelease ? bounds : VersionIntervals.Empty);
        }
        var (stable, prerelease) = FloatPattern(range.Float);
        return new(bounds.Intersect(stable), bounds.Intersect(prerelease));
    }

    // The versions a float pattern matches, as intervals: 1.* is [1.0.0, 2.0.0), 1.2.* is [1.2.0, 1.3.0), and so on;
    // the -* forms admit prereleases in the same span (from x.y.z-0, the lowest prerelease of a release). A
    // prerelease-label float (1.0.0-beta*) is widened to every prerelease of that release, which is as close as
    // intervals get to a prefix match.
    private static (VersionIntervals Stable, VersionIntervals Prerelease) FloatPattern(FloatRange pattern)
    {
        var min = pattern.MinVersion ?? new NuGetVersion(0, 0, 0);
        var includePrerelease = pattern.FloatBehavior is NuGetVersionFloatBehavior.PrereleaseMinor
            or NuGetVersionFloatBehavior.PrereleasePatch or NuGetVersionFloatBehavior.PrereleaseRevision;
        return pattern.FloatBehavior switch
        {
            NuGetVersionFloatBehavior.AbsoluteLatest or NuGetVersionFloatBehavior.PrereleaseMajor =>
                (VersionIntervals.Full, VersionIntervals.Full),
            NuGetVersionFloatBehavior.Major => (VersionIntervals.Full, VersionIntervals.Empty),
            NuGetVersionFloatBehavior.Minor or NuGetVersionFloatBehavior.PrereleaseMinor =>
                Span(new(min.Major, 0, 0, 0), new(min.Major + 1, 0, 0, 0)),
            NuGetVersionFloatBehavior.Patch or NuGetVersionFloatBehavior.PrereleasePatch =>
                Span(new(min.Major, min.Minor, 0, 0), new(min.Major, min.Minor + 1, 0, 0)),
            NuGetVersionFloatBehavior.Revision or NuGetVersionFloatBehavior.PrereleaseRevision =>
                Span(new(min.Major, min.Minor, min.Patch, 0), new(min.Major, min.Minor, min.Patch + 1, 0)),
            NuGetVersionFloatBehavior.Prerelease => (
                VersionIntervals.Exactly(new NuGetVersion(min.Major, min.Minor, min.Patch, min.Revision)),
                VersionIntervals.Between(Lowest(min), true, new NuGetVersion(min.Major, min.Minor, min.Patch, min.Revision), false)),
            _ => (VersionIntervals.Exactly(min), VersionIntervals.Exactly(min)),
        };

        (VersionIntervals, VersionIntervals) Span(NuGetVersion from, NuGetVersion to) => (
            VersionIntervals.Between(from, true, to, false),
            includePrerelease ? VersionIntervals.Between(Lowest(from), true, Lowest(to), false) : VersionIntervals.Empty);

        static NuGetVersion Lowest(NuGetVersion release) => new(release.Major, release.Minor, release.Patch, release.Revision, "0", "");
    }

    public bool Contains(NuGetVersion version) => version.IsPrerelease ? Prerelease.Contains(version) : Stable.Contains(version);

    public VersionSet Complement() => new(Stable.Complement(), Prerelease.Complement());

    public VersionSet Intersect(VersionSet other) => new(Stable.Intersect(other.Stable), Prerelease.Intersect(other.Prerelease));

    public VersionSet Union(VersionSet other) => new(Stable.Union(other.Stable), Prerelease.Union(other.Prerelease));

    public bool IsSubsetOf(VersionSet other) => Stable.IsSubsetOf(other.Stable) && Prerelease.IsSubsetOf(other.Prerelease);

    public bool IsDisjointFrom(VersionSet other) => Stable.IsDisjointFrom(other.Stable) && Prerelease.IsDisjointFrom(other.Prerelease);

    public bool Equals(VersionSet? other) => other is not null && Stable.Equals(other.Stable) && Prerelease.Equals(other.Prerelease);

    public override bool Equals(object? obj) => Equals(obj as VersionSet);

    public override int GetHashCode() => HashCode.Combine(Stable, Prerelease);

    /// <summary>
    /// Stable versions are what people mean by a range, so a set is written as its stable half unless its
    /// prereleases differ in a way worth saying.
    /// </summary>
    public override string ToString()
    {
        if (Prerelease.IsEmpty || Prerelease.Equals(Stable))
        {
            return Stable.ToString();
        }
        if (Stable.IsEmpty)
        {
            return $"{Prerelease} (prereleases)";
        }
        if (Prerelease.IsFull)
        {
            return $"{Stable} or any prerelease";
        }
        return $"{Stable} (prereleases: {Prerelease})";
    }
}
