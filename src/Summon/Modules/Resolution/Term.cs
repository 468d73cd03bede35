namespace Summon.Modules.Resolution;

/// <summary>
/// A statement about one module: positive, "a version in this set is chosen"; negative, "no version in this
/// set is chosen" (which not choosing the module at all also makes true).
/// </summary>
internal readonly record struct Term(bool Positive, VersionSet Set)
{
    public static Term Any { get; } = new(true, VersionSet.Full);

    public Term Negate() => new(!Positive, Set);

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
    public bool SubsetOf(Term other) => Intersect(other) == this;

    public bool IsDisjoint(Term other) => Intersect(other).IsEmpty;

    /// <summary>What this term, standing for everything known about a module, says about <paramref name="other"/>.</summary>
    public Relation RelationTo(Term other) =>
        SubsetOf(other) ? Relation.Satisfied : IsDisjoint(other) ? Relation.Contradicted : Relation.Inconclusive;
}

internal enum Relation
{
    Satisfied,
    Contradicted,
    Inconclusive,
}
