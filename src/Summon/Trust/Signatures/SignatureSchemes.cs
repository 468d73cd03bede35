using System.Diagnostics.CodeAnalysis;

namespace Summon.Trust;

/// <summary>
/// The signature schemes this process can verify. ECDSA P-256 and RSA-PSS are built in; ed25519 is found in the
/// Summon.Ed25519 assembly when it is deployed beside the application, or registered explicitly.
/// </summary>
internal static class SignatureSchemes
{
    /// <summary>The ed25519 implementation, looked up by name so the core never references its cryptography library.</summary>
    public const string Ed25519TypeName = "Summon.Ed25519.Ed25519Scheme, Summon.Ed25519";

    private static readonly object Gate = new();
    private static ISignatureScheme[] s_schemes = [new EcdsaP256Scheme(), new RsaPssSha256Scheme()];
    private static bool s_ed25519LookedUp;

    /// <summary>Adds a scheme; it is consulted before those already known.</summary>
    public static void Register(ISignatureScheme scheme)
    {
        lock (Gate)
        {
            s_schemes = [scheme, .. s_schemes];
        }
    }

    public static ISignatureScheme? Find(string keyType, string scheme)
    {
        var found = Array.Find(Volatile.Read(ref s_schemes), s => s.Supports(keyType, scheme));
        if (found is null && keyType == "ed25519" && TryLoadEd25519())
        {
            found = Array.Find(Volatile.Read(ref s_schemes), s => s.Supports(keyType, scheme));
        }
        return found;
    }

    /// <summary>Whether ed25519 keys can be verified here (the Summon.Ed25519 assembly is present or was registered).</summary>
    public static bool Ed25519Available => Find("ed25519", "ed25519") is not null;

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Summon.Ed25519 roots its scheme type; when trimmed away, ed25519 keys simply do not verify.")]
    [UnconditionalSuppressMessage("Trimming", "IL2057", Justification = "As above.")]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "As above.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "As above.")]
    private static bool TryLoadEd25519()
    {
        lock (Gate)
        {
            if (s_ed25519LookedUp)
            {
                return false;
            }
            s_ed25519LookedUp = true;
            Type? type;
            try
            {
                type = Type.GetType(Ed25519TypeName, throwOnError: false);
            }
            catch (Exception e) when (e is FileLoadException or BadImageFormatException)
            {
                return false;
            }
            if (type is null || Activator.CreateInstance(type, nonPublic: true) is not ISignatureScheme scheme)
            {
                return false;
            }
            s_schemes = [.. s_schemes, scheme];
            return true;
        }
    }
}
