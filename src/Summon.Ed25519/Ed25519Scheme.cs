using Summon.Trust;

namespace Summon.Ed25519;

/// <summary>
/// Verifies <c>ed25519</c> signatures (a hex public key, a hex signature) with BouncyCastle. The core finds this type
/// by name when it meets an ed25519 key, so applications that deploy this assembly get ed25519 without code.
/// </summary>
internal sealed class Ed25519Scheme : ISignatureScheme
{
    public bool Supports(string keyType, string scheme) => keyType == "ed25519" && scheme == "ed25519";

    public bool Verify(TufKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (key.Public is null || key.Public.Length != 64 || signature.Length != Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.SignatureSize)
        {
            return false;
        }
        try
        {
            var publicKey = Convert.FromHexString(key.Public);
            return Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Verify(signature.ToArray(), 0, publicKey, 0, data.ToArray(), 0, data.Length);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
