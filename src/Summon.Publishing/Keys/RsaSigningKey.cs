using System.Security.Cryptography;

namespace Summon.Publishing.Keys;

/// <summary>RSA-PSS with SHA-256 and a salt as long as the digest, the form securesystemslib verifies.</summary>
internal sealed class RsaSigningKey : SigningKey
{
    public const string TypeName = "rsa";
    public const string SchemeName = "rsassa-pss-sha256";
    private const int KeySizeBits = 3072;
    private readonly RSA key;

    private RsaSigningKey(RSA key) : base(TypeName, SchemeName, key.ExportSubjectPublicKeyInfoPem() + "\n") => this.key = key;

    public static RsaSigningKey Generate() => new(RSA.Create(KeySizeBits));

    public static RsaSigningKey FromPrivatePem(string pem)
    {
        var key = RSA.Create();
        key.ImportFromPem(pem);
        return new RsaSigningKey(key);
    }

    internal override string PrivateValue() => key.ExportPkcs8PrivateKeyPem() + "\n";

    // .NET's PSS uses a salt as long as the hash, which is what rsassa-pss-sha256 means in TUF.
    private protected override byte[] SignBytes(ReadOnlySpan<byte> data) =>
        key.SignData(data.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pss);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            key.Dispose();
        }
    }
}
