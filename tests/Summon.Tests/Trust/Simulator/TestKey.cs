using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using Summon.Trust;

namespace Summon.Tests.Trust.Simulator;

/// <summary>A signing key for tests, made with the BCL (ECDSA, RSA) or BouncyCastle (ed25519) directly.</summary>
internal abstract class TestKey
{
    private string? _keyId;

    public abstract string KeyType { get; }

    public abstract string Scheme { get; }

    public abstract string Public { get; }

    /// <summary>The key as metadata lists it.</summary>
    public JsonObject ToJson() => new()
    {
        ["keytype"] = KeyType,
        ["scheme"] = Scheme,
        ["keyval"] = new JsonObject { ["public"] = Public },
    };

    /// <summary>As securesystemslib computes it: SHA-256 of the key's canonical JSON.</summary>
    public string KeyId => _keyId ??= Convert.ToHexString(SHA256.HashData(CanonicalJson.Serialize(ToJson()))).ToLowerInvariant();

    public abstract byte[] Sign(byte[] data);

    public static TestKey Ed25519() => new Ed25519TestKey();

    public static TestKey Ecdsa(string keyType = "ecdsa") => new EcdsaTestKey(keyType);

    public static TestKey Rsa() => new RsaTestKey();

    private sealed class Ed25519TestKey : TestKey
    {
        private readonly Ed25519PrivateKeyParameters _private = new(new SecureRandom());

        public override string KeyType => "ed25519";

        public override string Scheme => "ed25519";

        public override string Public => Convert.ToHexString(_private.GeneratePublicKey().GetEncoded()).ToLowerInvariant();

        public override byte[] Sign(byte[] data)
        {
            var signer = new Ed25519Signer();
            signer.Init(true, _private);
            signer.BlockUpdate(data, 0, data.Length);
            return signer.GenerateSignature();
        }
    }

    private sealed class EcdsaTestKey(string keyType) : TestKey
    {
        private readonly ECDsa _ecdsa = System.Security.Cryptography.ECDsa.Create(ECCurve.NamedCurves.nistP256);

        public override string KeyType => keyType;

        public override string Scheme => "ecdsa-sha2-nistp256";

        public override string Public => _ecdsa.ExportSubjectPublicKeyInfoPem();

        public override byte[] Sign(byte[] data) => _ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    private sealed class RsaTestKey : TestKey
    {
        private readonly RSA _rsa = System.Security.Cryptography.RSA.Create(2048);

        public override string KeyType => "rsa";

        public override string Scheme => "rsassa-pss-sha256";

        public override string Public => _rsa.ExportSubjectPublicKeyInfoPem();

        public override byte[] Sign(byte[] data) => _rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
    }
}
