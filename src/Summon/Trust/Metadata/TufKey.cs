using System.Text.Json.Nodes;

namespace Summon.Trust;

/// <summary>A public key as metadata lists it: its id, key type, signature scheme and key value.</summary>
internal sealed class TufKey
{
    private TufKey(string keyId, string keyType, string scheme, JsonObject keyValue, string? publicValue)
    {
        KeyId = keyId;
        KeyType = keyType;
        Scheme = scheme;
        KeyValue = keyValue;
        Public = publicValue;
    }

    public string KeyId { get; }

    public string KeyType { get; }

    public string Scheme { get; }

    public JsonObject KeyValue { get; }

    /// <summary><c>keyval.public</c>: hex for ed25519, PEM for ECDSA and RSA. Absent for key types this client does not know.</summary>
    public string? Public { get; }

    /// <summary>Identifies the key material itself, so one key listed under two ids still counts once toward a threshold.</summary>
    public string Identity => $"{KeyType}\n{Scheme}\n{Public ?? KeyValue.ToJsonString()}";

    public static TufKey Parse(string keyId, JsonFields fields, string role)
    {
        var keyValue = fields.Child("keyval");
        // Unknown key types may carry a keyval without "public"; they are kept but never count toward a threshold.
        var publicValue = keyValue.Has("public") ? keyValue.String("public") : null;
        return new TufKey(keyId, fields.String("keytype"), fields.String("scheme"), keyValue.Object, publicValue);
    }

    public static IReadOnlyDictionary<string, TufKey> ParseKeys(JsonFields keys, string role)
    {
        var result = new Dictionary<string, TufKey>(StringComparer.Ordinal);
        foreach (var (keyId, node) in keys.Object)
        {
            result[keyId] = Parse(keyId, JsonFields.Of(node, role, $"keys.{keyId}"), role);
        }
        return result;
    }
}
