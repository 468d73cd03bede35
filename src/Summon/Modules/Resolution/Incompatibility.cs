namespace Summon.Modules.Resolution;

/// <summary>Why an incompatibility holds: a fact from outside the solver, or a derivation from two others.</summary>
internal enum IncompatibilityKind
{
    /// <summary>The first term depends on the second (the application's requirements when the first is the root).</summary>
    Dependency,
    /// <summary>No available version lies in the term's set.</summary>
    NoVersions,
    /// <summary>The repository does not know the module at all.</summary>
    UnknownModule,
    /// <summary>Locked mode, and the lock file does not name the module.</summary>
    NotInLock,
    /// <summary>Locked mode: every version but the one the lock file pins (in <see cref="Incompatibility.Detail"/>) is ruled out.</summary>
    LockPins,
    /// <summary>Locked mode, and the version the lock file pins is no longer offered (removed or revoked).</summary>
    LockedVersionGone,
    /// <summary>The version lists itself among its own dependencies, which a repository should never publish.</summary>
    SelfDependency,
    /// <summary>Derived by conflict resolution from <see cref="Incompatibility.Conflict"/> and <see cref="Incompatibility.Other"/>.</summary>
    Derived,
}

/// <summary>
/// A set of terms that cannot all be true at once. Dependencies, missing versions and every lesson learned
/// from a conflict are incompatibilities; the derived ones keep their two causes so a failure can be explained.
/// </summary>
internal sealed class Incompatibility
{
    private Incompatibility((string Module, Term Term)[] terms, IncompatibilityKind kind, Incompatibility? conflict, Incompatibility? other, string? detail = null)
    {
        Terms = terms;
        Kind = kind;
        Conflict = conflict;
        Other = other;
        Detail = detail;
    }

    /// <summary>What an external fact needs besides its terms to be told, such as the version a lock file pins.</summary>
    public string? Detail { get; }

    /// <summary>An array, not a read-only list: propagation reads it in its innermost loop.</summary>
    public (string Module, Term Term)[] Terms { get; }

    /// <summary>The solver's state of each term's module, in term order; filled in by the solver that owns this incompatibility.</summary>
    internal ModuleState[]? States { get; set; }

    public IncompatibilityKind Kind { get; }

    public Incompatibility? Conflict { get; }

    public Incompatibility? Other { get; }

    public bool IsDerived => Kind == IncompatibilityKind.Derived;

    /// <summary>No solution can exist: nothing is allowed, or the application itself is ruled out.</summary>
    public bool IsFailure => Terms.Length == 0 || (Terms.Length == 1 && Terms[0].Module == DependencySolver.Root && Terms[0].Term.Positive);

    public static Incompatibility External(IncompatibilityKind kind, string module, Term term, string? detail = null) =>
        new([(module, term)], kind, null, null, detail);

    public static Incompatibility Dependency(string depender, VersionSet dependerVersions, string dependency, VersionSet accepted) =>
        new([(depender, new Term(true, dependerVersions)), (dependency, new Term(false, accepted))], IncompatibilityKind.Dependency, null, null);

    /// <summary>
    /// Two terms on one module become their intersection, and the application's positive term is dropped when
    /// there are others (it is always true), which keeps explanations about modules rather than the root.
    /// </summary>
    public static Incompatibility Derive(IEnumerable<(string Module, Term Term)> terms, Incompatibility conflict, Incompatibility other)
    {
        var merged = new List<(string Module, Term Term)>();
        foreach (var (module, term) in terms)
        {
            var index = merged.FindIndex(t => t.Module == module);
            if (index < 0)
            {
                merged.Add((module, term));
            }
            else
            {
                merged[index] = (module, merged[index].Term.Intersect(term));
            }
        }
        if (merged.Count > 1)
        {
            merged.RemoveAll(t => t.Module == DependencySolver.Root && t.Term.Positive);
        }
        return new([.. merged], IncompatibilityKind.Derived, conflict, other);
    }

    public Term? TermFor(string module)
    {
        foreach (var (name, term) in Terms)
        {
            if (name == module)
            {
                return term;
            }
        }
        return null;
    }

    public override string ToString() => ConflictExplanation.Describe(this);
}
