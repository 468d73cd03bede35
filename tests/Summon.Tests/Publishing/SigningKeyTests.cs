using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Summon.Publishing;
using Summon.Publishing.Keys;
using Summon.Trust;

namespace Summon.Tests.Publishing;

public class SigningKeyTests
{
    private static readonly byte[] Message = Encoding.UTF8.GetBytes("{\"_type\":\"timestamp\",\"version\":1}");

    [Fact]
    public void Ecdsa_signature_verifies_with_the_base_library()
    {
        using var key = SigningKey.Generate(SigningKeyType.Ecdsa);
        Assert.Equal(("ecdsa", "ecdsa-sha2-nistp256"), (key.KeyType, key.Scheme));
        using var verifier = ECDsa.Create();
        verifier.ImportFromPem(key.PublicValue);
        var signature = Convert.FromHexString(key.Sign(Message));
        Assert.True(verifier.VerifyData(Message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.Contains("BEGIN PUBLIC KEY", key.PublicValue);
    }

    [Fact]
    public void Rsa_pss_signature_verifies_with_the_base_library()
    {
        using var key = SigningKey.Generate(SigningKeyType.Rsa);
        Assert.Equal(("rsa", "rsassa-pss-sha256"), (key.KeyType, key.Scheme));
        using var verifier = RSA.Create();
        verifier.ImportFromPem(key.PublicValue);
        var signature = Convert.FromHexString(key.Sign(Message));
        Assert.True(verifier.VerifyData(Message, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
    }

    [Fact]
    public void Ed25519_signature_verifies_with_BouncyCastle()
    {
        using var key = SigningKey.Generate(SigningKeyType.Ed25519);
        Assert.Equal(("ed25519", "ed25519"), (key.KeyType, key.Scheme));
        var publicKey = Convert.FromHexString(key.PublicValue);
        Assert.Equal(32, publicKey.Length);
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(publicKey));
        verifier.BlockUpdate(Message, 0, Message.Length);
        Assert.True(verifier.VerifySignature(Convert.FromHexString(key.Sign(Message))));
    }

    [Theory]
    [InlineData(SigningKeyType.Ecdsa)]
    [InlineData(SigningKeyType.Ed25519)]
    [InlineData(SigningKeyType.Rsa)]
    public void Key_id_is_the_sha256_of_the_canonical_public_key(SigningKeyType type)
    {
        using var key = SigningKey.Generate(type);
        var expected = new JsonObject
        {
            ["keytype"] = key.KeyType,
            ["keyval"] = new JsonObject { ["public"] = key.PublicValue },
            ["scheme"] = key.Scheme,
        };
        Assert.Equal(Convert.ToHexString(SHA256.HashData(CanonicalJson.Serialize(expected))).ToLowerInvariant(), key.KeyId);
    }

    [Theory]
    [InlineData(SigningKeyType.Ecdsa)]
    [InlineData(SigningKeyType.Ed25519)]
    [InlineData(SigningKeyType.Rsa)]
    public void A_saved_key_loads_back_the_same_and_is_readable_only_by_its_owner(SigningKeyType type)
    {
        using var temp = new TempDirectory("key");
        var path = temp.Combine("k.json");
        using var key = SigningKey.Generate(type);
        key.Save(path);
        using var loaded = SigningKey.Load(path);
        Assert.Equal(key.KeyId, loaded.KeyId);
        Assert.Equal(key.PublicValue, loaded.PublicValue);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void A_public_only_key_file_cannot_sign()
    {
        using var temp = new TempDirectory("key");
        var path = temp.Combine("pub.json");
        using var key = SigningKey.Generate(SigningKeyType.Ecdsa);
        File.WriteAllText(path, key.PublicKeyObject().ToJsonString());
        var error = Assert.Throws<PublishingException>(() => SigningKey.Load(path));
        Assert.Contains("no private key", error.Message);
    }

    [Fact]
    public void A_corrupt_key_file_is_refused_with_a_clear_message()
    {
        using var temp = new TempDirectory("key");
        var path = temp.Combine("bad.json");
        File.WriteAllText(path, "{\"keytype\":\"ecdsa\",\"scheme\":\"ecdsa-sha2-nistp256\",\"keyval\":{\"public\":\"x\",\"private\":\"not a pem\"}}");
        var error = Assert.Throws<PublishingException>(() => SigningKey.Load(path));
        Assert.Contains(path, error.Message);
    }
}
