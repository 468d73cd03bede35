namespace Summon.Publishing;

/// <summary>The outcome of an operation that needs a new root version.</summary>
/// <param name="Version">The new root's version.</param>
/// <param name="Published">True when the new root was published; false when it waits for more root signatures.</param>
/// <param name="MissingSignatures">How many more root key signatures it needs before it can be published.</param>
public sealed record RootChange(int Version, bool Published, int MissingSignatures);
