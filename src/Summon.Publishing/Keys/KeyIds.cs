using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Summon.Trust;

namespace Summon.Publishing.Keys;

/// <summary>TUF names a key by the SHA-256 of the canonical JSON of its public part, so every implementation agrees on it.</summary>
internal static class KeyIds
{
    public static JsonObject PublicKeyObject(string keyType, string scheme, string publicValue) => new()
    {
        ["keytype"] = keyType,
        ["scheme"] = scheme,
        ["keyval"] = new JsonObject { ["public"] = publicValue },
    };

    public static string Compute(JsonObject publicKey) =>
        Convert.ToHexString(SHA256.HashData(CanonicalJson.Serialize(publicKey))).ToLowerInvariant();
}
