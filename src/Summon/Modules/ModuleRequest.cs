using NuGet.Versioning;

namespace Summon.Modules;

/// <summary>
/// A module asked for by id and an optional version range, written <c>id</c> or <c>id@range</c> with NuGet's
/// range syntax (<c>1.2.3</c> for at least 1.2.3, <c>[1.2,2.0)</c>, <c>1.*</c>), which .NET users already know.
/// </summary>
internal sealed record ModuleRequest(string Id, VersionRange Range)
{
    public static ModuleRequest Parse(string text)
    {
        var at = text.IndexOf('@');
        var id = (at < 0 ? text : text[..at]).Trim();
        ModuleId.Validate(id);
        if (at < 0)
        {
            return new ModuleRequest(id, VersionRange.All);
        }
        return new ModuleRequest(id, ParseRange(text[(at + 1)..].Trim()));
    }

    public static VersionRange ParseRange(string text) =>
        VersionRange.TryParse(text, allowFloating: true, out var range)
            ? range
            : throw new SummonConfigurationException(
                $"'{text}' is not a valid version range: use NuGet's syntax, such as 1.2.3 (1.2.3 or later), [1.2,2.0) or 1.*.");

    /// <summary>
    /// The newest version the range allows. Prereleases count only when the range names one, as in NuGet.
    /// </summary>
    public NuGetVersion? Choose(IEnumerable<NuGetVersion> candidates)
    {
        var allowPrerelease = Range.MinVersion?.IsPrerelease == true || Range.MaxVersion?.IsPrerelease == true
            || Range.Float?.IncludePrerelease == true;
        return candidates
            // A floating range (1.*) has no upper bound of its own; its float pattern is what limits it.
            .Where(v => (allowPrerelease || !v.IsPrerelease) && Range.Satisfies(v) && (!Range.IsFloating || Range.Float.Satisfies(v)))
            .DefaultIfEmpty()
            .Max();
    }

    public override string ToString() => Range.Equals(VersionRange.All) ? Id : $"{Id}@{Range.ToNormalizedString()}";
}
