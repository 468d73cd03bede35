namespace Summon.Publishing.Keys;

/// <summary>The kinds of signing key a repository can use.</summary>
public enum SigningKeyType
{
    /// <summary>ECDSA on NIST P-256 with SHA-256 (<c>ecdsa-sha2-nistp256</c>): verified by the base library, the default.</summary>
    Ecdsa,

    /// <summary>Ed25519: clients need the optional Summon.Ed25519 package to verify it.</summary>
    Ed25519,

    /// <summary>RSA-PSS with SHA-256 (<c>rsassa-pss-sha256</c>), 3072-bit.</summary>
    Rsa,
}
