namespace Summon.Loading;

internal static class TrimmingNote
{
    /// <summary>
    /// Loading assemblies that were not there at build time is the whole point; a trimmed application must
    /// keep whatever its modules call (the modules were compiled against it, so the reference is visible).
    /// </summary>
    public const string Justification = "Modules are assemblies loaded at run time by design; see docs/architecture.md, Trimming.";
}
