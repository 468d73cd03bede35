using Summon.Trust;

namespace Summon.Ed25519;

/// <summary>Registers ed25519 verification explicitly, for hosts where the by-name lookup cannot see this assembly (trimmed or single-file apps).</summary>
internal static class Ed25519Support
{
    public static void Register() => SignatureSchemes.Register(new Ed25519Scheme());
}
