using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Summon.Modules;

namespace Summon.Publishing.Keys;

/// <summary>
/// One key per JSON file, in the shape securesystemslib uses (<c>keytype</c>, <c>scheme</c>,
/// <c>keyval.public</c>, <c>keyval.private</c>), readable only by its owner.
/// </summary>
internal static class KeyFile
{
    public const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode PrivateDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const long MaxLength = 64 * 1024;

    public static void Write(string path, SigningKey key)
    {
        var json = KeyIds.PublicKeyObject(key.KeyType, key.Scheme, key.PublicValue);
        json["keyid"] = key.KeyId;
        json["keyval"]!["private"] = key.PrivateValue();
        Cache.AtomicFile.Write(path, JsonDocuments.ToUtf8(json), PrivateFileMode);
    }

    public static SigningKey Read(string path)
    {
        var json = ReadJson(path);
        try
        {
            var keyType = json["keytype"]?.GetValue<string>() ?? throw new FormatException("'keytype' is missing");
            var scheme = json["scheme"]?.GetValue<string>() ?? throw new FormatException("'scheme' is missing");
            var priv = json["keyval"]?["private"]?.GetValue<string>()
                ?? throw new PublishingException($"{path} holds no private key (only a public one): it cannot sign. Use the file with the private key.");
            SigningKey key = (keyType, scheme) switch
            {
                ("ecdsa" or "ecdsa-sha2-nistp256", EcdsaSigningKey.SchemeName) => EcdsaSigningKey.FromPrivatePem(priv),
                (Ed25519SigningKey.TypeName, Ed25519SigningKey.SchemeName) => Ed25519SigningKey.FromPrivateHex(priv),
                (RsaSigningKey.TypeName, RsaSigningKey.SchemeName) => RsaSigningKey.FromPrivatePem(priv),
                _ => throw new FormatException($"key type '{keyType}' with scheme '{scheme}' is not supported (use ecdsa, ed25519 or rsa)"),
            };
            return key;
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or CryptographicException or ArgumentException)
        {
            throw new PublishingException($"The key file {path} is invalid: {e.Message}. Restore it from a backup or generate a new key.", e);
        }
    }

    /// <summary>Reads the public part of a key file: a private key file, or a public key someone else sent.</summary>
    public static JsonObject ReadPublic(string path)
    {
        var json = ReadJson(path);
        try
        {
            var keyType = json["keytype"]?.GetValue<string>() ?? throw new FormatException("'keytype' is missing");
            var scheme = json["scheme"]?.GetValue<string>() ?? throw new FormatException("'scheme' is missing");
            var pub = json["keyval"]?["public"]?.GetValue<string>() ?? throw new FormatException("'keyval.public' is missing");
            return KeyIds.PublicKeyObject(keyType, scheme, pub);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw new PublishingException($"The key file {path} is invalid: {e.Message}. It must be a JSON object with keytype, scheme and keyval.public.", e);
        }
    }

    private static JsonObject ReadJson(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new PublishingException($"The key file {path} does not exist. Check the path.");
            }
            if (info.Length > MaxLength)
            {
                throw new PublishingException($"{path} is {info.Length} bytes, too large to be a key file. Check the path.");
            }
            return JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject
                ?? throw new PublishingException($"The key file {path} is not a JSON object. Check the path.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new PublishingException($"The key file {path} could not be read: {e.Message}", e);
        }
    }
}
