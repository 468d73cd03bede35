using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Summon.Publishing.Keys;

/// <summary>Ed25519 from BouncyCastle (the base library has none); keys and signatures are hex, as TUF writes them.</summary>
internal sealed class Ed25519SigningKey : SigningKey
{
    public const string TypeName = "ed25519";
    public const string SchemeName = "ed25519";
    private readonly Ed25519PrivateKeyParameters key;

    private Ed25519SigningKey(Ed25519PrivateKeyParameters key)
        : base(TypeName, SchemeName, Convert.ToHexString(key.GeneratePublicKey().GetEncoded()).ToLowerInvariant()) => this.key = key;

    public static Ed25519SigningKey Generate() => new(new Ed25519PrivateKeyParameters(RandomNumberGenerator.GetBytes(Ed25519PrivateKeyParameters.KeySize)));

    public static Ed25519SigningKey FromPrivateHex(string hex)
    {
        var seed = Convert.FromHexString(hex.Trim());
        if (seed.Length != Ed25519PrivateKeyParameters.KeySize)
        {
            throw new FormatException($"an ed25519 private key is {Ed25519PrivateKeyParameters.KeySize} bytes, not {seed.Length}");
        }
        return new Ed25519SigningKey(new Ed25519PrivateKeyParameters(seed));
    }

    internal override string PrivateValue() => Convert.ToHexString(key.GetEncoded()).ToLowerInvariant();

    private protected override byte[] SignBytes(ReadOnlySpan<byte> data)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, key);
        signer.BlockUpdate(data);
        return signer.GenerateSignature();
    }
}
