using System.Security.Cryptography;

namespace Summon.Trust;

/// <summary><c>rsassa-pss-sha256</c>: a PEM SubjectPublicKeyInfo RSA key, PSS with SHA-256, MGF1 and a salt as long as the digest.</summary>
internal sealed class RsaPssSha256Scheme : ISignatureScheme
{
    public bool Supports(string keyType, string scheme) => keyType == "rsa" && scheme == "rsassa-pss-sha256";

    public bool Verify(TufKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (key.Public is null)
        {
            return false;
        }
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(key.Public);
            // .NET's PSS uses MGF1 with the same hash and a salt of the digest's length, as securesystemslib signs.
            return rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        }
        // A key the platform cannot import (a mangled curve OID reaches OpenSSL as "not supported") verifies nothing.
        catch (Exception e) when (e is CryptographicException or ArgumentException or PlatformNotSupportedException)
        {
            return false;
        }
    }
}
