using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Summon.Tests.Trust.Simulator;
using Summon.Trust;

namespace Summon.Tests.Trust;

public sealed class SignatureSchemeTests
{
    private static readonly byte[] Data = "{\"payload\":1}"u8.ToArray();

    public static TheoryData<string> KeyKinds => ["ed25519", "ecdsa", "ecdsa-sha2-nistp256", "rsa"];

    private static TestKey NewKey(string kind) => kind switch
    {
        "ed25519" => TestKey.Ed25519(),
        "rsa" => TestKey.Rsa(),
        _ => TestKey.Ecdsa(kind),
    };

    private static TufKey AsTufKey(TestKey key) => TufKey.Parse(key.KeyId, new JsonFields(key.ToJson(), "test", "key"), "test");

    private static bool Verify(TestKey key, byte[] data, byte[] signature)
    {
        var tufKey = AsTufKey(key);
        var scheme = SignatureSchemes.Find(tufKey.KeyType, tufKey.Scheme);
        Assert.NotNull(scheme);
        return scheme.Verify(tufKey, data, signature);
    }

    [Theory]
    [MemberData(nameof(KeyKinds))]
    public void Valid_signature_verifies(string kind)
    {
        var key = NewKey(kind);

        Assert.True(Verify(key, Data, key.Sign(Data)));
    }

    [Theory]
    [MemberData(nameof(KeyKinds))]
    public void Signature_over_other_data_does_not_verify(string kind)
    {
        var key = NewKey(kind);

        Assert.False(Verify(key, "{\"payload\":2}"u8.ToArray(), key.Sign(Data)));
    }

    [Theory]
    [MemberData(nameof(KeyKinds))]
    public void Garbage_signature_is_false_not_an_exception(string kind)
    {
        Assert.False(Verify(NewKey(kind), Data, [1, 2, 3]));
    }

    [Theory]
    [MemberData(nameof(KeyKinds))]
    public void Signature_by_another_key_does_not_verify(string kind)
    {
        Assert.False(Verify(NewKey(kind), Data, NewKey(kind).Sign(Data)));
    }

    [Fact]
    public void Ecdsa_key_on_another_curve_does_not_verify()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var key = TufKey.Parse("k", new JsonFields(new JsonObject
        {
            ["keytype"] = "ecdsa",
            ["scheme"] = "ecdsa-sha2-nistp256",
            ["keyval"] = new JsonObject { ["public"] = p384.ExportSubjectPublicKeyInfoPem() },
        }, "test", "key"), "test");

        Assert.False(new EcdsaP256Scheme().Verify(key, Data, p384.SignData(Data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)));
    }

    [Fact]
    public void Malformed_public_key_is_false_not_an_exception()
    {
        var key = TufKey.Parse("k", new JsonFields(new JsonObject
        {
            ["keytype"] = "ed25519",
            ["scheme"] = "ed25519",
            ["keyval"] = new JsonObject { ["public"] = "zz" },
        }, "test", "key"), "test");

        Assert.False(SignatureSchemes.Find("ed25519", "ed25519")!.Verify(key, Data, new byte[64]));
    }

    [Fact]
    public void Ed25519_is_found_in_its_own_assembly_by_name()
    {
        Assert.Equal("Summon.Ed25519", SignatureSchemes.Find("ed25519", "ed25519")!.GetType().Assembly.GetName().Name);
    }

    [Fact]
    public void Unknown_scheme_is_not_supported()
    {
        Assert.Null(SignatureSchemes.Find("rsa", "rsa-pkcs1v15-sha256"));
    }

    [Fact]
    public void Unknown_key_types_do_not_count_toward_a_threshold_but_do_not_fail_on_their_own()
    {
        var good = TestKey.Ecdsa();
        var (keys, roleKeys) = KeysFor(1, good);
        keys["odd"] = TufKey.Parse("odd", new JsonFields(new JsonObject { ["keytype"] = "sphincs", ["scheme"] = "x", ["keyval"] = new JsonObject() }, "test", "key"), "test");
        roleKeys = new RoleKeys([.. roleKeys.KeyIds, "odd"], 1);
        var envelope = Envelope(good, ("odd", "abcd"));

        Assert.Equal(1, SignatureThreshold.CountValid(roleKeys, keys, envelope));
    }

    [Fact]
    public void Same_key_listed_under_two_ids_counts_once()
    {
        var key = TestKey.Ecdsa();
        var (keys, _) = KeysFor(1, key);
        keys["alias"] = TufKey.Parse("alias", new JsonFields(key.ToJson(), "test", "key"), "test");
        var roleKeys = new RoleKeys([key.KeyId, "alias"], 2);
        var signed = SignedEnvelope.Parse(RepositorySimulator.Sign(new JsonObject { ["a"] = 1 }, [key]), "test");
        var signature = signed.Signatures[0].Signature;
        var envelope = SignedEnvelope.Parse(System.Text.Encoding.UTF8.GetBytes(new JsonObject
        {
            ["signatures"] = new JsonArray(new JsonObject { ["keyid"] = key.KeyId, ["sig"] = signature }, new JsonObject { ["keyid"] = "alias", ["sig"] = signature }),
            ["signed"] = new JsonObject { ["a"] = 1 },
        }.ToJsonString()), "test");

        Assert.Equal(1, SignatureThreshold.CountValid(roleKeys, keys, envelope));
    }

    [Fact]
    public void Signatures_by_keys_outside_the_role_are_ignored()
    {
        var inRole = TestKey.Ed25519();
        var outside = TestKey.Ed25519();
        var (keys, roleKeys) = KeysFor(1, inRole);
        keys[outside.KeyId] = AsTufKey(outside);

        var envelope = SignedEnvelope.Parse(RepositorySimulator.Sign(new JsonObject { ["a"] = 1 }, [outside, inRole]), "test");

        Assert.Equal(1, SignatureThreshold.CountValid(roleKeys, keys, envelope));
    }

    private static (Dictionary<string, TufKey> Keys, RoleKeys RoleKeys) KeysFor(int threshold, params TestKey[] keys) =>
        (keys.ToDictionary(k => k.KeyId, AsTufKey), new RoleKeys(keys.Select(k => k.KeyId).ToList(), threshold));

    private static SignedEnvelope Envelope(TestKey key, params (string KeyId, string Sig)[] extra)
    {
        var envelope = JsonNode.Parse(RepositorySimulator.Sign(new JsonObject { ["a"] = 1 }, [key]))!;
        foreach (var (keyId, sig) in extra)
        {
            ((JsonArray)envelope["signatures"]!).Add(new JsonObject { ["keyid"] = keyId, ["sig"] = sig });
        }
        return SignedEnvelope.Parse(System.Text.Encoding.UTF8.GetBytes(envelope.ToJsonString()), "test");
    }
}
