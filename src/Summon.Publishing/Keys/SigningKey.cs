using System.Text.Json.Nodes;

namespace Summon.Publishing.Keys;

/// <summary>
/// A private key that signs repository metadata. Keys are kept one per file in a keys folder that must
/// never be inside the served repository.
/// </summary>
public abstract class SigningKey : IDisposable
{
    private protected SigningKey(string keyType, string scheme, string publicValue)
    {
        KeyType = keyType;
        Scheme = scheme;
        PublicValue = publicValue;
        KeyId = KeyIds.Compute(PublicKeyObject());
    }

    /// <summary>The TUF key id: lowercase hex SHA-256 of the canonical JSON of the public key.</summary>
    public string KeyId { get; }

    /// <summary>The TUF key type (<c>ecdsa</c>, <c>ed25519</c> or <c>rsa</c>).</summary>
    public string KeyType { get; }

    /// <summary>The TUF signature scheme (<c>ecdsa-sha2-nistp256</c>, <c>ed25519</c> or <c>rsassa-pss-sha256</c>).</summary>
    public string Scheme { get; }

    internal string PublicValue { get; }

    /// <summary>Creates a new random key of the given type.</summary>
    public static SigningKey Generate(SigningKeyType type) => type switch
    {
        SigningKeyType.Ecdsa => EcdsaSigningKey.Generate(),
        SigningKeyType.Ed25519 => Ed25519SigningKey.Generate(),
        SigningKeyType.Rsa => RsaSigningKey.Generate(),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown key type"),
    };

    /// <summary>Reads a private key file written by <see cref="Save"/> (securesystemslib-style JSON).</summary>
    public static SigningKey Load(string path) => KeyFile.Read(path);

    /// <summary>Writes the key, public and private parts, to a file only the current user can read.</summary>
    public void Save(string path) => KeyFile.Write(path, this);

    /// <summary>Signs <paramref name="data"/> and returns the signature as lowercase hex, as TUF metadata carries it.</summary>
    public string Sign(ReadOnlySpan<byte> data) => Convert.ToHexString(SignBytes(data)).ToLowerInvariant();

    /// <summary>Releases the key material.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the key material.</summary>
    protected virtual void Dispose(bool disposing) { }

    internal JsonObject PublicKeyObject() => KeyIds.PublicKeyObject(KeyType, Scheme, PublicValue);

    internal abstract string PrivateValue();

    private protected abstract byte[] SignBytes(ReadOnlySpan<byte> data);
}
