namespace Summon.Trust;

/// <summary>
/// Verifies signatures of one key type and scheme. Built-in schemes come from the base library; ed25519 lives in
/// the Summon.Ed25519 package so the core does not carry its cryptography library.
/// </summary>
internal interface ISignatureScheme
{
    /// <summary>True if this scheme verifies keys of <paramref name="keyType"/> signing with <paramref name="scheme"/>.</summary>
    bool Supports(string keyType, string scheme);

    /// <summary>
    /// True only for a valid signature by <paramref name="key"/> over <paramref name="data"/>. A malformed key or
    /// signature is false, never an exception: a bad signature must not stop the others from being counted.
    /// </summary>
    bool Verify(TufKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);
}
