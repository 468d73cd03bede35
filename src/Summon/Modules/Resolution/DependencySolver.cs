using System.Runtime.CompilerServices;
using NuGet.Versioning;

namespace Summon.Modules.Resolution;

/// <summary>
/// Chooses one version of every module an application needs, newest first, with PubGrub (Weizenbaum, 2018; the
/// solver of Dart's pub and of uv): unit propagation over incompatibilities, conflict-driven learning that
/// jumps straight back to the cause of a conflict, and a derivation of every failure that reads as sentences.
/// </summary>
/// <remarks>
/// The inner loops here and in <see cref="PartialSolution"/>, <see cref="Term"/> and <see cref="VersionIntervals"/>
/// are marked <see cref="MethodImplOptions.AggressiveOptimization"/>: a process solves once or twice (on the cold
/// path, before a fetch), so tiered compilation would run a large solve in unoptimized and instrumented code and
/// never reach the optimized tier (solve-1000 took 70–80 ms that way and about 35 ms marked).
/// </remarks>
internal sealed class DependencySolver
{
    /// <summary>The application itself, as a module no module id can name.</summary>
    internal const string Root = "<application>";

    private static readonly NuGetVersion RootVersion = new(0, 0, 0);

    private readonly ModuleCatalog _catalog;
    private readonly SolverOptions _options;
    private readonly CancellationToken _ct;
    private readonly PartialSolution _solution = new();
    private readonly Dictionary<string, ModuleState> _modules = [];
    private readonly Dictionary<(string Depender, string Dependency), List<Incompatibility>> _dependencyFacts = [];
    private readonly HashSet<string> _lockFactsAdded = [];
    // Propagation's work queue, kept across calls: the solver propagates once per decision, thousands of times.
    private readonly Queue<string> _changed = new();
    private readonly HashSet<string> _queued = [];
    private int _steps;

    private DependencySolver(IModuleVersionSource source, SolverOptions options, CancellationToken ct)
    {
        _catalog = new ModuleCatalog(source, ct);
        _options = options;
        _ct = ct;
    }

    /// <summary>
    /// Solves <paramref name="requirements"/> (the application's own, module id to range) against what
    /// <paramref name="source"/> offers. Throws <see cref="DependencyConflictException"/> when no choice of versions
    /// satisfies them, with the reason written out; errors of the source itself pass through unchanged.
    /// </summary>
    public static Task<Resolution> SolveAsync(
        IReadOnlyDictionary<string, VersionRange> requirements, IModuleVersionSource source, CancellationToken ct, SolverOptions? options = null) =>
        new DependencySolver(source, options ?? SolverOptions.Default, ct).RunAsync(requirements);

    private async Task<Resolution> RunAsync(IReadOnlyDictionary<string, VersionRange> requirements)
    {
        _ct.ThrowIfCancellationRequested();
        if (requirements.Count == 1 && !_options.LockedOnly)
        {
            // One module wanted (a first import): when the version the search would decide first depends on nothing,
            // that decision is the whole solution. Deciding it here spares a cold process compiling the search below
            // (a few hundred methods, a tenth of its JIT); anything else, failures included, goes to the search.
            var (module, range) = requirements.First();
            var available = await _catalog.GetVersionsAsync(module).ConfigureAwait(false);
            if (Choose(module, _catalog.SetOf(range), available) is { } only
                && (await _catalog.GetDependenciesAsync(module, only).ConfigureAwait(false)).Count == 0)
            {
                return new Resolution(requirements, new Dictionary<string, NuGetVersion> { [module] = only }, _catalog.KnownDependencies);
            }
        }
        var root = State(Root);
        foreach (var (module, _) in requirements)
        {
            _catalog.Prefetch(module);
            State(module);
        }
        // Propagation reads a module's incompatibilities newest first; adding the requirements last to first makes
        // it derive them in the order the application lists them, and explanations follow that order too.
        foreach (var (module, range) in requirements.Reverse())
        {
            AddDependency(Root, VersionSet.Full, module, range);
        }
        _solution.Decide(root, RootVersion);
        var next = Root;
        while (true)
        {
            _ct.ThrowIfCancellationRequested();
            Propagate(next);
            var chosen = await ChooseNextAsync().ConfigureAwait(false);
            if (chosen is null)
            {
                break;
            }
            next = chosen;
        }
        var versions = new Dictionary<string, NuGetVersion>();
        foreach (var (id, state) in _modules)
        {
            if (id != Root && state.Decision is { } version)
            {
                versions[id] = version;
            }
        }
        return new Resolution(requirements, versions, _catalog.KnownDependencies);
    }

    private ModuleState State(string module)
    {
        if (!_modules.TryGetValue(module, out var state))
        {
            state = new ModuleState(module, _modules.Count);
            _modules[module] = state;
        }
        return state;
    }

    private void Add(Incompatibility incompatibility)
    {
        foreach (var state in StatesOf(incompatibility))
        {
            state.Incompatibilities.Add(incompatibility);
        }
    }

    /// <summary>The states of an incompatibility's modules, in term order, looked up once rather than on every propagation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ModuleState[] StatesOf(Incompatibility incompatibility)
    {
        if (incompatibility.States is { } known)
        {
            return known;
        }
        var states = new ModuleState[incompatibility.Terms.Length];
        for (var i = 0; i < states.Length; i++)
        {
            states[i] = State(incompatibility.Terms[i].Module);
        }
        incompatibility.States = states;
        return states;
    }

    /// <summary>
    /// Records "depender (in its span) depends on dependency in range", joined with the same fact from an
    /// adjacent version when there is one, so explanations speak of ranges of versions instead of listing each.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Incompatibility AddDependency(string depender, VersionSet span, string dependency, VersionRange range)
    {
        var accepted = _catalog.SetOf(range);
        if (!_dependencyFacts.TryGetValue((depender, dependency), out var facts))
        {
            facts = [];
            _dependencyFacts[(depender, dependency)] = facts;
        }
        for (var i = 0; i < facts.Count; i++)
        {
            var existing = facts[i];
            if (!existing.Terms[1].Term.Set.Equals(accepted))
            {
                continue;
            }
            if (span.IsSubsetOf(existing.Terms[0].Term.Set))
            {
                // Known already: choosing the version again after a backjump must not grow the fact set.
                return existing;
            }
            var joined = existing.Terms[0].Term.Set.Union(span);
            if (joined.Stable.Segments.Count != 1 || joined.Prerelease.Segments.Count != 1)
            {
                continue;
            }
            // The joined fact says everything the old one did, so the old one need not be propagated again.
            State(depender).Incompatibilities.Remove(existing);
            State(dependency).Incompatibilities.Remove(existing);
            var merged = Incompatibility.Dependency(depender, joined, dependency, accepted);
            facts[i] = merged;
            Add(merged);
            return merged;
        }
        var fact = Incompatibility.Dependency(depender, span, dependency, accepted);
        facts.Add(fact);
        Add(fact);
        return fact;
    }

    private void CountStep()
    {
        if (++_steps > _options.MaxSteps)
        {
            throw new DependencyConflictException(
                $"Version solving gave up after {_options.MaxSteps} steps without finding an answer: the dependencies these modules "
                + "declare leave too many combinations to try (a repository can publish such a graph by accident or on purpose).\n"
                + "To resolve this: narrow the application's version ranges or pin versions with a lock file, so fewer combinations "
                + "are left, and tell the repository's publisher which modules are involved.");
        }
    }

    /// <summary>
    /// Unit propagation: derives every term the known incompatibilities force, looking only at the
    /// incompatibilities of modules whose terms just changed, newest first (the learned ones are the most general).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Propagate(string start)
    {
        var changed = _changed;
        var queued = _queued;
        changed.Clear();
        queued.Clear();
        Enqueue(start);
        while (changed.TryDequeue(out var module))
        {
            queued.Remove(module);
            var incompatibilities = State(module).Incompatibilities;
            for (var i = incompatibilities.Count - 1; i >= 0; i--)
            {
                var incompatibility = incompatibilities[i];
                var (conflict, derived) = PropagateOne(incompatibility);
                if (conflict)
                {
                    var rootCause = ResolveConflict(incompatibility);
                    changed.Clear();
                    queued.Clear();
                    var (_, forced) = PropagateOne(rootCause);
                    Enqueue(forced ?? throw new InvalidOperationException("A learned incompatibility forced nothing; this is a bug in Summon."));
                    break;
                }
                if (derived is not null)
                {
                    Enqueue(derived);
                }
            }
        }

        void Enqueue(string module)
        {
            if (queued.Add(module))
            {
                changed.Enqueue(module);
            }
        }
    }

    /// <summary>Either a conflict (every term holds), or the module whose term was just forced, or nothing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (bool Conflict, string? Derived) PropagateOne(Incompatibility incompatibility)
    {
        var states = StatesOf(incompatibility);
        var terms = incompatibility.Terms;
        var unsatisfied = -1;
        for (var i = 0; i < states.Length; i++)
        {
            switch (_solution.RelationTo(states[i], terms[i].Term))
            {
                case Relation.Contradicted:
                    return (false, null);
                case Relation.Inconclusive when unsatisfied >= 0:
                    return (false, null);
                case Relation.Inconclusive:
                    unsatisfied = i;
                    break;
            }
        }
        if (unsatisfied < 0)
        {
            return (true, null);
        }
        _solution.Derive(states[unsatisfied], terms[unsatisfied].Term.Negate(), incompatibility);
        return (false, terms[unsatisfied].Module);
    }

    /// <summary>
    /// Conflict resolution: resolves the satisfied incompatibility against the causes of its satisfiers until it
    /// blames one decision, learns the result, and backjumps to where it forces a new derivation.
    /// </summary>
    private Incompatibility ResolveConflict(Incompatibility incompatibility)
    {
        var original = incompatibility;
        while (true)
        {
            if (incompatibility.IsFailure)
            {
                throw new DependencyConflictException(ConflictExplanation.Explain(incompatibility));
            }
            CountStep();
            (string Module, Term Term) mostRecentTerm = ("", Term.Any);
            Assignment? mostRecentSatisfier = null;
            Term? difference = null;
            var previousSatisfierLevel = 1;
            foreach (var (module, term) in incompatibility.Terms)
            {
                var state = State(module);
                var satisfier = _solution.Satisfier(state, term);
                var becameMostRecent = false;
                if (mostRecentSatisfier is null)
                {
                    (mostRecentTerm, mostRecentSatisfier, becameMostRecent) = ((module, term), satisfier, true);
                }
                else if (mostRecentSatisfier.Index < satisfier.Index)
                {
                    previousSatisfierLevel = Math.Max(previousSatisfierLevel, mostRecentSatisfier.Level);
                    (mostRecentTerm, mostRecentSatisfier, becameMostRecent) = ((module, term), satisfier, true);
                    difference = null;
                }
                else
                {
                    previousSatisfierLevel = Math.Max(previousSatisfierLevel, satisfier.Level);
                }
                if (becameMostRecent)
                {
                    // The satisfier may satisfy the term only together with earlier assignments to the same
                    // module; those earlier ones then count as a previous satisfier too.
                    var rest = satisfier.Term.Intersect(term.Negate());
                    difference = rest.IsEmpty ? null : rest;
                    if (difference is { } d)
                    {
                        previousSatisfierLevel = Math.Max(previousSatisfierLevel, _solution.Satisfier(state, d.Negate()).Level);
                    }
                }
            }
            if (mostRecentSatisfier!.IsDecision || mostRecentSatisfier.Level != previousSatisfierLevel)
            {
                if (!ReferenceEquals(incompatibility, original))
                {
                    Add(incompatibility);
                }
                _solution.Backtrack(previousSatisfierLevel);
                return incompatibility;
            }
            var cause = mostRecentSatisfier.Cause!;
            var terms = incompatibility.Terms.Where(t => t.Module != mostRecentTerm.Module)
                .Concat(cause.Terms.Where(t => t.Module != mostRecentSatisfier.Module.Id))
                .ToList();
            if (difference is { } remaining)
            {
                terms.Add((mostRecentTerm.Module, remaining.Negate()));
            }
            incompatibility = Incompatibility.Derive(terms, incompatibility, cause);
        }
    }

    /// <summary>
    /// Decision making: the first module (in the order they were discovered) that must be chosen but is not,
    /// at its preferred version if allowed, else its newest allowed one. Returns the module to propagate from,
    /// or null when every needed module has a version.
    /// </summary>
    private async ValueTask<string?> ChooseNextAsync()
    {
        var module = _solution.NextUndecided();
        if (module is null)
        {
            return null;
        }
        CountStep();
        var id = module.Id;
        var term = module.Accumulated!.Value;
        var versions = await _catalog.GetVersionsAsync(id).ConfigureAwait(false);
        if (versions.Length == 0)
        {
            Add(Incompatibility.External(IncompatibilityKind.UnknownModule, id, Term.Any));
            return id;
        }
        if (_options.LockedOnly && _lockFactsAdded.Add(id))
        {
            _options.PreferredVersions.TryGetValue(id, out var pinned);
            AddLockFacts(id, pinned, versions);
            return id;
        }
        var version = Choose(id, term.Set, versions);
        if (version is null)
        {
            Add(Incompatibility.External(IncompatibilityKind.NoVersions, id, term));
            return id;
        }
        var dependencies = await _catalog.GetDependenciesAsync(id, version).ConfigureAwait(false);
        if (!AddDependencies(id, version, dependencies))
        {
            _solution.Decide(module, version);
        }
        return id;
    }

    /// <summary>Learns what <paramref name="version"/> of <paramref name="id"/> depends on; true when choosing it would break one of those facts at once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool AddDependencies(string id, NuGetVersion version, IReadOnlyDictionary<string, VersionRange> dependencies)
    {
        var span = _catalog.SpanOf(id, version);
        var conflict = false;
        foreach (var (dependency, range) in dependencies)
        {
            if (dependency == id)
            {
                Add(Incompatibility.External(IncompatibilityKind.SelfDependency, id, new Term(true, span), range.OriginalString ?? range.ToNormalizedString()));
                conflict = true;
                continue;
            }
            _catalog.Prefetch(dependency);
            var fact = AddDependency(id, span, dependency, range);
            // Choosing this version would satisfy the fact outright: leave the choice to propagation, which
            // will now rule the version out and pick another.
            conflict |= _solution.RelationTo(State(dependency), fact.Terms[1].Term) == Relation.Satisfied;
        }
        return conflict;
    }

    private void AddLockFacts(string id, NuGetVersion? pinned, NuGetVersion[] versions)
    {
        if (pinned is null)
        {
            Add(Incompatibility.External(IncompatibilityKind.NotInLock, id, Term.Any));
            return;
        }
        var text = pinned.ToNormalizedString();
        Add(Incompatibility.External(IncompatibilityKind.LockPins, id, new Term(true, VersionSet.Exactly(pinned).Complement()), text));
        if (Array.BinarySearch(versions, pinned) < 0)
        {
            Add(Incompatibility.External(IncompatibilityKind.LockedVersionGone, id, new Term(true, VersionSet.Exactly(pinned)), text));
        }
    }

    /// <summary>The version a decision takes: the preferred one (the lock's) if allowed and available, else the newest allowed.</summary>
    private NuGetVersion? Choose(string id, VersionSet allowed, NuGetVersion[] versions) =>
        _options.PreferredVersions.TryGetValue(id, out var preferred) && allowed.Contains(preferred) && Array.BinarySearch(versions, preferred) >= 0
            ? preferred
            : Newest(versions, allowed);

    private static NuGetVersion? Newest(NuGetVersion[] versions, VersionSet allowed)
    {
        for (var i = versions.Length - 1; i >= 0; i--)
        {
            if (allowed.Contains(versions[i]))
            {
                return versions[i];
            }
        }
        return null;
    }
}
