using System.Runtime.CompilerServices;

namespace Summon.Modules.Resolution;

/// <summary>
/// A statement about one module: positive, "a version in this set is chosen"; negative, "no version in this
/// set is chosen" (which not choosing the module at all also makes true).
/// </summary>
internal readonly record struct Term(bool Positive, VersionSet Set)
{
    public static Term Any { get; } = new(true, VersionSet.Full);

    public Term Negate() => new(!Positive, Set);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Term Intersect(Term other) => (Positive, other.Positive) switch
    {
        (true, true) => new(true, Set.Intersect(other.Set)),
        (true, false) => new(true, Set.Intersect(other.Set.Complement())),
        (false, true) => new(true, other.Set.Intersect(Set.Complement())),
        _ => new(false, Set.Union(other.Set)),
    };

    public Term Union(Term other) => Negate().Intersect(other.Negate()).Negate();

    /// <summary>No choice makes this term true.</summary>
    public bool IsEmpty => Positive && Set.IsEmpty;

    /// <summary>Every choice of this term's module makes <paramref name="other"/> true.</summary>
    /// <remarks>
    /// Decided case by case rather than as <c>Intersect(other) == this</c>: the solver asks this hundreds of
    /// thousands of times on a large graph, and the case analysis builds no sets. A negative term also allows
    /// not choosing the module, which no positive term allows.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool SubsetOf(Term other) => (Positive, other.Positive) switch
    {
        (true, true) => Set.IsSubsetOf(other.Set),
        (true, false) => Set.IsDisjointFrom(other.Set),
        (false, true) => false,
        _ => other.Set.IsSubsetOf(Set),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool IsDisjoint(Term other) => (Positive, other.Positive) switch
    {
        (true, true) => Set.IsDisjointFrom(other.Set),
        (true, false) => Set.IsSubsetOf(other.Set),
        (false, true) => other.Set.IsSubsetOf(Set),
        _ => false,
    };

    /// <summary>What this term, standing for everything known about a module, says about <paramref name="other"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Relation RelationTo(Term other) =>
        SubsetOf(other) ? Relation.Satisfied : IsDisjoint(other) ? Relation.Contradicted : Relation.Inconclusive;
}

internal enum Relation
{
    Satisfied,
    Contradicted,
    Inconclusive,
}
