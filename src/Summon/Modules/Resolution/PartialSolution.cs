using System.Runtime.CompilerServices;
using NuGet.Versioning;

namespace Summon.Modules.Resolution;

/// <summary>One step of the partial solution: a decision (a version chosen) or a derivation (a term that must hold).</summary>
internal sealed class Assignment
{
    public required ModuleState Module { get; init; }

    public required Term Term { get; init; }

    /// <summary>Everything known about the module up to and including this assignment.</summary>
    public required Term Accumulated { get; init; }

    public required int Level { get; init; }

    public required int Index { get; init; }

    /// <summary>The incompatibility that forced a derivation; null for a decision.</summary>
    public Incompatibility? Cause { get; init; }

    public NuGetVersion? Decision { get; init; }

    public bool IsDecision => Decision is not null;
}

/// <summary>What the solver tracks per module, so every question about one module touches only its own data.</summary>
internal sealed class ModuleState(string id, int order)
{
    public string Id { get; } = id;

    /// <summary>When the solver first heard of the module: the order decisions are made in, breadth first.</summary>
    public int Order { get; } = order;

    public List<Assignment> Assignments { get; } = [];

    /// <summary>The newest assignment, kept apart from the list because propagation asks for it on every relation.</summary>
    public Assignment? Last { get; private set; }

    public List<Incompatibility> Incompatibilities { get; } = [];

    public Term? Accumulated => Last?.Accumulated;

    public void Push(Assignment assignment)
    {
        Assignments.Add(assignment);
        Last = assignment;
    }

    public void Pop()
    {
        Assignments.RemoveAt(Assignments.Count - 1);
        Last = Assignments.Count == 0 ? null : Assignments[^1];
    }

    public NuGetVersion? Decision { get; set; }

    /// <summary>Whether the partial solution's set of undecided modules holds this one, so updates that change nothing skip the set.</summary>
    public bool IsUndecided { get; set; }
}

/// <summary>
/// PubGrub's partial solution: the ordered list of assignments, with per-module indexes so that relations,
/// satisfiers and backtracking cost what one module's assignments cost, not the whole trail.
/// </summary>
internal sealed class PartialSolution
{
    private readonly List<Assignment> _trail = [];
    // Keyed by discovery order alone (unique per module), so membership tests never compare module ids as text.
    private readonly SortedSet<ModuleState> _undecided = new(Comparer<ModuleState>.Create((a, b) => a.Order.CompareTo(b.Order)));

    public int Level { get; private set; }

    public void Decide(ModuleState module, NuGetVersion version)
    {
        Level++;
        module.Decision = version;
        Add(module, new Term(true, VersionSet.Exactly(version)), null, version);
    }

    public void Derive(ModuleState module, Term term, Incompatibility cause) => Add(module, term, cause, null);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Add(ModuleState module, Term term, Incompatibility? cause, NuGetVersion? decision)
    {
        // A term that says nothing new (most derivations repeat what is known) keeps the known one, building no sets.
        var accumulated = module.Last is not { } before ? term : before.Accumulated.SubsetOf(term) ? before.Accumulated : before.Accumulated.Intersect(term);
        var assignment = new Assignment
        {
            Module = module,
            Term = term,
            Accumulated = accumulated,
            Level = Level,
            Index = _trail.Count,
            Cause = cause,
            Decision = decision,
        };
        _trail.Add(assignment);
        module.Push(assignment);
        UpdateUndecided(module);
    }

    /// <summary>Modules some assignment requires but no decision has chosen yet.</summary>
    public ModuleState? NextUndecided() => _undecided.Count == 0 ? null : _undecided.Min;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Relation RelationTo(ModuleState module, Term term)
    {
        if (module.Decision is { } version)
        {
            // A decided module is one version: the term holds or it does not.
            return term.Set.Contains(version) == term.Positive ? Relation.Satisfied : Relation.Contradicted;
        }
        return module.Last is { } known ? known.Accumulated.RelationTo(term) : Relation.Inconclusive;
    }

    /// <summary>
    /// The earliest assignment after which the module's accumulated term satisfies <paramref name="term"/>.
    /// Accumulated terms only narrow, so once satisfied they stay satisfied and a binary search finds it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Assignment Satisfier(ModuleState module, Term term)
    {
        var assignments = module.Assignments;
        int low = 0, high = assignments.Count - 1, found = -1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (assignments[middle].Accumulated.SubsetOf(term))
            {
                found = middle;
                high = middle - 1;
            }
            else
            {
                low = middle + 1;
            }
        }
        return found >= 0
            ? assignments[found]
            : throw new InvalidOperationException($"The solver lost track of why {module.Id} is constrained; this is a bug in Summon.");
    }

    /// <summary>Removes every assignment made above <paramref name="level"/>.</summary>
    public void Backtrack(int level)
    {
        while (_trail.Count > 0 && _trail[^1].Level > level)
        {
            var assignment = _trail[^1];
            _trail.RemoveAt(_trail.Count - 1);
            var module = assignment.Module;
            module.Pop();
            if (assignment.IsDecision)
            {
                module.Decision = null;
            }
            UpdateUndecided(module);
        }
        Level = level;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void UpdateUndecided(ModuleState module)
    {
        var undecided = module.Decision is null && module.Last is { Accumulated.Positive: true };
        if (undecided != module.IsUndecided)
        {
            module.IsUndecided = undecided;
            _ = undecided ? _undecided.Add(module) : _undecided.Remove(module);
        }
    }
}
