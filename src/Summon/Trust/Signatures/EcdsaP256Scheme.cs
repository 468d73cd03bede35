using System.Security.Cryptography;

namespace Summon.Trust;

/// <summary><c>ecdsa-sha2-nistp256</c>: a PEM SubjectPublicKeyInfo P-256 key, a DER signature over SHA-256.</summary>
internal sealed class EcdsaP256Scheme : ISignatureScheme
{
    public bool Supports(string keyType, string scheme) =>
        scheme == "ecdsa-sha2-nistp256" && keyType is "ecdsa" or "ecdsa-sha2-nistp256";

    public bool Verify(TufKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (key.Public is null)
        {
            return false;
        }
        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(key.Public);
            // The scheme names its curve; a key on any other curve does not belong to it.
            if (ecdsa.KeySize != 256 || ecdsa.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                return false;
            }
            return ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        // A key the platform cannot import (a mangled curve OID reaches OpenSSL as "not supported") verifies nothing.
        catch (Exception e) when (e is CryptographicException or ArgumentException or PlatformNotSupportedException)
        {
            return false;
        }
    }
}
