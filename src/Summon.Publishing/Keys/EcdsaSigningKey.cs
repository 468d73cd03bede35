using System.Security.Cryptography;

namespace Summon.Publishing.Keys;

/// <summary>
/// ECDSA P-256 as securesystemslib and tuf-js write it: public key as a PEM SubjectPublicKeyInfo and
/// DER-encoded signatures, so other TUF implementations verify what we sign.
/// </summary>
internal sealed class EcdsaSigningKey : SigningKey
{
    public const string TypeName = "ecdsa";
    public const string SchemeName = "ecdsa-sha2-nistp256";
    private readonly ECDsa key;

    private EcdsaSigningKey(ECDsa key) : base(TypeName, SchemeName, key.ExportSubjectPublicKeyInfoPem() + "\n") => this.key = key;

    public static EcdsaSigningKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    public static EcdsaSigningKey FromPrivatePem(string pem)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(pem);
        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new CryptographicException("the key is not on the NIST P-256 curve");
        }
        return new EcdsaSigningKey(key);
    }

    internal override string PrivateValue() => key.ExportPkcs8PrivateKeyPem() + "\n";

    private protected override byte[] SignBytes(ReadOnlySpan<byte> data) =>
        key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            key.Dispose();
        }
    }
}
