using System.Text;

namespace Summon.Modules.Resolution;

/// <summary>
/// Writes the derivation of a failed solve as sentences, following PubGrub's error reporting: a linear chain
/// reads as "Because …, … . So, because …, version solving failed.", and a derivation used twice gets a line
/// number so later sentences can point back at it. The last line says what a person can do about it.
/// </summary>
internal sealed class ConflictExplanation
{
    private readonly Incompatibility _root;
    private readonly Dictionary<Incompatibility, int> _derivations = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Incompatibility, int> _lineNumbers = new(ReferenceEqualityComparer.Instance);
    private readonly List<(string Message, int? Number)> _lines = [];

    private ConflictExplanation(Incompatibility root) => _root = root;

    public static string Explain(Incompatibility failure) => new ConflictExplanation(failure).Write();

    private string Write()
    {
        CountDerivations(_root);
        if (_root.IsDerived)
        {
            Visit(_root);
        }
        else
        {
            WriteLine(_root, $"Because {Describe(_root)}, version solving failed.");
        }
        var padding = _lineNumbers.Count == 0 ? 0 : $"({_lineNumbers.Count}) ".Length;
        var text = new StringBuilder();
        var lastWasEmpty = false;
        foreach (var (message, number) in _lines)
        {
            if (message.Length == 0)
            {
                if (!lastWasEmpty)
                {
                    text.Append('\n');
                }
                lastWasEmpty = true;
                continue;
            }
            lastWasEmpty = false;
            text.Append(number is { } n ? $"({n}) ".PadRight(padding) : new string(' ', padding)).Append(message).Append('\n');
        }
        text.Append(Advice());
        return text.ToString();
    }

    private void CountDerivations(Incompatibility incompatibility)
    {
        if (_derivations.TryGetValue(incompatibility, out var count))
        {
            _derivations[incompatibility] = count + 1;
            return;
        }
        _derivations[incompatibility] = 1;
        if (incompatibility.IsDerived)
        {
            CountDerivations(incompatibility.Conflict!);
            CountDerivations(incompatibility.Other!);
        }
    }

    private void Visit(Incompatibility incompatibility, bool conclusion = false)
    {
        var numbered = conclusion || _derivations[incompatibility] > 1;
        var conjunction = conclusion || ReferenceEquals(incompatibility, _root) ? "So," : "And";
        var described = Describe(incompatibility);
        var conflict = incompatibility.Conflict!;
        var other = incompatibility.Other!;
        if (conflict.IsDerived && other.IsDerived)
        {
            var conflictLine = LineOf(conflict);
            var otherLine = LineOf(other);
            if (conflictLine is not null && otherLine is not null)
            {
                WriteLine(incompatibility, $"Because {AndToString(conflict, other, conflictLine, otherLine)}, {described}.", numbered);
            }
            else if (conflictLine is not null || otherLine is not null)
            {
                var (withLine, withoutLine, line) = conflictLine is not null ? (conflict, other, conflictLine) : (other, conflict, otherLine);
                Visit(withoutLine);
                WriteLine(incompatibility, $"{conjunction} because {Describe(withLine)} ({line}), {described}.", numbered);
            }
            else if (IsSingleLine(conflict) || IsSingleLine(other))
            {
                var (first, second) = IsSingleLine(other) ? (conflict, other) : (other, conflict);
                Visit(first);
                Visit(second);
                WriteLine(incompatibility, $"Thus, {described}.", numbered);
            }
            else
            {
                Visit(conflict, conclusion: true);
                _lines.Add(("", null));
                Visit(other);
                WriteLine(incompatibility, $"{conjunction} because {Describe(conflict)} ({LineOf(conflict)}), {described}.", numbered);
            }
        }
        else if (conflict.IsDerived || other.IsDerived)
        {
            var (derived, external) = conflict.IsDerived ? (conflict, other) : (other, conflict);
            if (LineOf(derived) is { } derivedLine)
            {
                WriteLine(incompatibility, $"Because {AndToString(external, derived, null, derivedLine)}, {described}.", numbered);
            }
            else if (IsCollapsible(derived))
            {
                var (priorDerived, priorExternal) = derived.Conflict!.IsDerived ? (derived.Conflict, derived.Other!) : (derived.Other!, derived.Conflict);
                Visit(priorDerived);
                WriteLine(incompatibility, $"{conjunction} because {AndToString(priorExternal, external)}, {described}.", numbered);
            }
            else
            {
                Visit(derived);
                WriteLine(incompatibility, $"{conjunction} because {Describe(external)}, {described}.", numbered);
            }
        }
        else
        {
            WriteLine(incompatibility, $"Because {AndToString(conflict, other)}, {described}.", numbered);
        }
    }

    private int? LineOf(Incompatibility incompatibility) => _lineNumbers.TryGetValue(incompatibility, out var line) ? line : null;

    private static bool IsSingleLine(Incompatibility incompatibility) => !incompatibility.Conflict!.IsDerived && !incompatibility.Other!.IsDerived;

    // A derivation from one derived and one external cause, used once, can be folded into the sentence after it.
    private bool IsCollapsible(Incompatibility incompatibility)
    {
        if (_derivations[incompatibility] > 1)
        {
            return false;
        }
        var (conflict, other) = (incompatibility.Conflict!, incompatibility.Other!);
        if (conflict.IsDerived == other.IsDerived)
        {
            return false;
        }
        return LineOf(conflict.IsDerived ? conflict : other) is null;
    }

    private void WriteLine(Incompatibility incompatibility, string message, bool numbered = false)
    {
        if (numbered)
        {
            var number = _lineNumbers.Count + 1;
            _lineNumbers[incompatibility] = number;
            _lines.Add((message, number));
        }
        else
        {
            _lines.Add((message, null));
        }
    }

    /// <summary>One incompatibility as a clause: "acme.pdf &gt;=2.0.0 depends on acme.fonts &gt;=3.0.0".</summary>
    public static string Describe(Incompatibility incompatibility)
    {
        var terms = incompatibility.Terms;
        switch (incompatibility.Kind)
        {
            case IncompatibilityKind.Dependency:
                return $"{Terse(terms[0], allowEvery: true)} {Verb(incompatibility)} {Terse(terms[1])}";
            case IncompatibilityKind.NoVersions:
                return $"no versions of {terms[0].Module} match {terms[0].Term.Set}";
            case IncompatibilityKind.UnknownModule:
                return $"{terms[0].Module} is not in the repository";
            case IncompatibilityKind.NotInLock:
                return $"the lock file does not name {terms[0].Module}";
            case IncompatibilityKind.LockPins:
                return $"the lock file pins {terms[0].Module} to {incompatibility.Detail}";
            case IncompatibilityKind.LockedVersionGone:
                return $"{terms[0].Module} {incompatibility.Detail}, the version the lock file pins, is no longer offered by the repository";
            case IncompatibilityKind.SelfDependency:
                return $"{Terse(terms[0], allowEvery: true)} depends on itself ({terms[0].Module} {incompatibility.Detail})";
        }
        if (incompatibility.IsFailure)
        {
            return "version solving failed";
        }
        if (terms.Length == 1)
        {
            var (module, term) = terms[0];
            var subject = term.Set.IsFull ? module : Terse(terms[0]);
            return term.Positive ? $"{subject} cannot be used" : $"{subject} is required";
        }
        if (terms.Length == 2 && terms[0].Term.Positive == terms[1].Term.Positive)
        {
            return terms[0].Term.Positive
                ? $"{TerseOrName(terms[0])} is incompatible with {TerseOrName(terms[1])}"
                : $"either {Terse(terms[0])} or {Terse(terms[1])}";
        }
        var positive = terms.Where(t => t.Term.Positive).ToList();
        var negative = terms.Where(t => !t.Term.Positive).Select(t => Terse(t)).ToList();
        if (positive.Count > 0 && negative.Count > 0)
        {
            return positive.Count == 1
                ? $"{Terse(positive[0], allowEvery: true)} requires {string.Join(" or ", negative)}"
                : $"if {string.Join(" and ", positive.Select(t => Terse(t)))} then {string.Join(" or ", negative)}";
        }
        return positive.Count > 0
            ? $"one of {string.Join(" or ", positive.Select(t => Terse(t)))} must be false"
            : $"one of {string.Join(" or ", negative)} must be true";
    }

    private static string AndToString(Incompatibility first, Incompatibility second, int? firstLine = null, int? secondLine = null) =>
        TryRequiresBoth(first, second, firstLine, secondLine)
        ?? TryRequiresThrough(first, second, firstLine, secondLine)
        ?? TryRequiresForbidden(first, second, firstLine, secondLine)
        ?? $"{Describe(first)}{Line(firstLine)} and {Describe(second)}{Line(secondLine)}";

    // "the application requires both acme.fonts <3.0.0 and acme.pdf >=2.0.0"
    private static string? TryRequiresBoth(Incompatibility first, Incompatibility second, int? firstLine, int? secondLine)
    {
        if (first.Terms.Length == 1 || second.Terms.Length == 1
            || SinglePositive(first) is not { } firstPositive || SinglePositive(second) is not { } secondPositive
            || firstPositive != secondPositive)
        {
            return null;
        }
        var verb = first.Kind == IncompatibilityKind.Dependency && second.Kind == IncompatibilityKind.Dependency ? Verb(first) : "requires";
        return $"{Terse(firstPositive, allowEvery: true)} {verb} both {Negatives(first)}{Line(firstLine)} and {Negatives(second)}{Line(secondLine)}";
    }

    // "acme.pdf >=2.0.0 depends on acme.fonts >=3.0.0 which depends on acme.icu >=70.0.0"
    private static string? TryRequiresThrough(Incompatibility first, Incompatibility second, int? firstLine, int? secondLine)
    {
        if (first.Terms.Length == 1 || second.Terms.Length == 1)
        {
            return null;
        }
        Incompatibility prior, latter;
        (string Module, Term Term) priorNegative;
        int? priorLine, latterLine;
        if (Leads(first, second) is { } firstNegative)
        {
            (prior, latter, priorNegative, priorLine, latterLine) = (first, second, firstNegative, firstLine, secondLine);
        }
        else if (Leads(second, first) is { } secondNegative)
        {
            (prior, latter, priorNegative, priorLine, latterLine) = (second, first, secondNegative, secondLine, firstLine);
        }
        else
        {
            return null;
        }
        var priorPositives = prior.Terms.Where(t => t.Term.Positive).ToList();
        if (priorPositives.Count == 0)
        {
            return null;
        }
        var start = priorPositives.Count > 1
            ? $"if {string.Join(" or ", priorPositives.Select(t => Terse(t)))} then "
            : $"{Terse(priorPositives[0], allowEvery: true)} {Verb(prior)} ";
        var latterVerb = latter.Kind == IncompatibilityKind.Dependency ? "depends on" : "requires";
        return $"{start}{Terse(priorNegative)}{Line(priorLine)} which {latterVerb} {Negatives(latter)}{Line(latterLine)}";

        // The single negative term of one that the single positive term of the other takes up.
        static (string Module, Term Term)? Leads(Incompatibility from, Incompatibility to) =>
            SingleNegative(from) is { } negative && SinglePositive(to) is { } positive
                && negative.Module == positive.Module && negative.Term.Negate().SubsetOf(positive.Term)
                ? negative
                : null;
    }

    // "the application requires acme.fonts >=3.0.0 which doesn't match any versions"
    private static string? TryRequiresForbidden(Incompatibility first, Incompatibility second, int? firstLine, int? secondLine)
    {
        if (first.Terms.Length != 1 && second.Terms.Length != 1)
        {
            return null;
        }
        var (prior, latter, latterLine) = first.Terms.Length == 1 ? (second, first, firstLine) : (first, second, secondLine);
        if (SingleNegative(prior) is not { } negative || latter.Terms.Length != 1 || latter.Terms[0].Module != negative.Module
            || !negative.Term.Negate().SubsetOf(latter.Terms[0].Term))
        {
            return null;
        }
        var positives = prior.Terms.Where(t => t.Term.Positive).ToList();
        if (positives.Count == 0)
        {
            return null;
        }
        var start = positives.Count > 1
            ? $"if {string.Join(" or ", positives.Select(t => Terse(t)))} then "
            : $"{Terse(positives[0], allowEvery: true)} {Verb(prior)} ";
        var reason = latter.Kind switch
        {
            IncompatibilityKind.NoVersions => "which doesn't match any versions",
            IncompatibilityKind.UnknownModule => "which is not in the repository",
            IncompatibilityKind.NotInLock => "which the lock file does not name",
            IncompatibilityKind.LockPins => $"which the lock file rules out (it pins {latter.Detail})",
            IncompatibilityKind.LockedVersionGone => $"whose locked version {latter.Detail} the repository no longer offers",
            IncompatibilityKind.SelfDependency => "which depends on itself",
            _ => "which cannot be used",
        };
        return $"{start}{Terse(negative)} {reason}{Line(latterLine)}";
    }

    private static (string Module, Term Term)? SinglePositive(Incompatibility incompatibility) => Single(incompatibility, positive: true);

    private static (string Module, Term Term)? SingleNegative(Incompatibility incompatibility) => Single(incompatibility, positive: false);

    private static (string Module, Term Term)? Single(Incompatibility incompatibility, bool positive)
    {
        (string Module, Term Term)? found = null;
        foreach (var term in incompatibility.Terms)
        {
            if (term.Term.Positive == positive)
            {
                if (found is not null)
                {
                    return null;
                }
                found = term;
            }
        }
        return found;
    }

    private static string Negatives(Incompatibility incompatibility) =>
        string.Join(" or ", incompatibility.Terms.Where(t => !t.Term.Positive).Select(t => Terse(t)));

    private static string Verb(Incompatibility incompatibility) =>
        incompatibility.Kind == IncompatibilityKind.Dependency && incompatibility.Terms[0].Module == DependencySolver.Root ? "requires"
        : incompatibility.Kind == IncompatibilityKind.Dependency ? "depends on"
        : "requires";

    private static string Terse((string Module, Term Term) term, bool allowEvery = false) =>
        term.Module == DependencySolver.Root ? "the application"
        : term.Term.Set.IsFull ? (allowEvery ? $"every version of {term.Module}" : term.Module)
        : $"{term.Module} {term.Term.Set}";

    private static string TerseOrName((string Module, Term Term) term) => term.Term.Set.IsFull ? term.Module : Terse(term);

    private static string Line(int? line) => line is { } n ? $" ({n})" : "";

    /// <summary>What to do, from the facts the derivation rests on: whose range to widen, whom to ask, what to run.</summary>
    private string Advice()
    {
        var required = new SortedSet<string>(StringComparer.Ordinal);
        var publishers = new SortedSet<string>(StringComparer.Ordinal);
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var lockTrouble = false;
        foreach (var external in _derivations.Keys.Where(i => !i.IsDerived))
        {
            var module = external.Terms[0].Module;
            switch (external.Kind)
            {
                case IncompatibilityKind.Dependency when module == DependencySolver.Root:
                    required.Add(external.Terms[1].Module);
                    break;
                case IncompatibilityKind.Dependency or IncompatibilityKind.SelfDependency:
                    publishers.Add(module);
                    break;
                case IncompatibilityKind.UnknownModule:
                    missing.Add(module);
                    break;
                case IncompatibilityKind.NotInLock or IncompatibilityKind.LockPins or IncompatibilityKind.LockedVersionGone:
                    lockTrouble = true;
                    break;
            }
        }
        var steps = new List<string>();
        if (missing.Count > 0)
        {
            steps.Add($"check the spelling of {string.Join(", ", missing)} and that the repository publishes it");
        }
        if (lockTrouble)
        {
            steps.Add("run `summon update` to move the lock file to versions that fit");
        }
        if (required.Count > 0)
        {
            steps.Add($"widen the application's range for {string.Join(", ", required)}");
        }
        if (publishers.Count > 0)
        {
            steps.Add($"ask the publisher of {string.Join(", ", publishers)} for a version whose dependencies fit");
        }
        if (steps.Count == 0)
        {
            steps.Add("change the application's requirements");
        }
        return $"To resolve this: {string.Join("; or ", steps)}.";
    }
}
