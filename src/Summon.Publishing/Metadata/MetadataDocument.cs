using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Summon.Modules;
using Summon.Publishing.Keys;
using Summon.Trust;

namespace Summon.Publishing.Metadata;

/// <summary>
/// One TUF metadata file: the <c>signed</c> object and its signatures. Kept as a JSON tree rather than a
/// typed model so that fields this tool does not know survive a re-sign untouched.
/// </summary>
internal sealed class MetadataDocument
{
    public const string SpecVersion = "1.0.31";
    private const long MaxLength = 512L * 1024 * 1024;

    public MetadataDocument(JsonObject signed, JsonArray? signatures = null)
    {
        Signed = signed;
        Signatures = signatures ?? [];
    }

    public JsonObject Signed { get; }

    public JsonArray Signatures { get; private set; }

    public string Type => Signed["_type"]!.GetValue<string>();

    public int Version
    {
        get => Signed["version"]!.GetValue<int>();
        set => Signed["version"] = value;
    }

    public DateTimeOffset Expires
    {
        get => DateTimeOffset.Parse(Signed["expires"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        // TUF clients parse only whole seconds with a Z suffix.
        set => Signed["expires"] = value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    public static MetadataDocument New(string type, int version, DateTimeOffset expires)
    {
        var document = new MetadataDocument(new JsonObject
        {
            ["_type"] = type,
            ["spec_version"] = SpecVersion,
            ["version"] = version,
            ["expires"] = "",
        });
        document.Expires = expires;
        return document;
    }

    public static MetadataDocument Read(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Length > MaxLength)
            {
                throw new PublishingException($"{path} is {info.Length} bytes, too large for repository metadata.");
            }
            return Parse(File.ReadAllBytes(path), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PublishingException($"The repository metadata {path} could not be read: {e.Message}", e);
        }
    }

    public static MetadataDocument Parse(byte[] utf8, string source)
    {
        try
        {
            var root = JsonNode.Parse(utf8) as JsonObject ?? throw new FormatException("it is not a JSON object");
            var signed = root["signed"] as JsonObject ?? throw new FormatException("'signed' is missing");
            var signatures = root["signatures"] as JsonArray ?? throw new FormatException("'signatures' is missing");
            root.Remove("signed");
            root.Remove("signatures");
            var document = new MetadataDocument(signed, signatures);
            _ = document.Type;
            _ = document.Version;
            _ = document.Expires;
            return document;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NullReferenceException)
        {
            throw new PublishingException($"The repository metadata {source} is invalid: {e.Message}. Restore the repository from a backup.", e);
        }
    }

    public byte[] CanonicalSigned() => CanonicalJson.Serialize(Signed);

    /// <summary>Drops every signature: the signed content changed, so they no longer hold.</summary>
    public void ClearSignatures() => Signatures = [];

    public bool HasSignatureBy(string keyId) => Signatures.Any(s => s?["keyid"]?.GetValue<string>() == keyId);

    public IEnumerable<string> SignerKeyIds() => Signatures.Select(s => s?["keyid"]?.GetValue<string>()).OfType<string>();

    public void Sign(SigningKey key)
    {
        var sig = key.Sign(CanonicalSigned());
        foreach (var existing in Signatures.OfType<JsonObject>().Where(s => s["keyid"]?.GetValue<string>() == key.KeyId).ToList())
        {
            Signatures.Remove(existing);
        }
        Signatures.Add(new JsonObject { ["keyid"] = key.KeyId, ["sig"] = sig });
    }

    public byte[] ToBytes() => JsonDocuments.ToUtf8(new JsonObject
    {
        ["signatures"] = JsonNode.Parse(Signatures.ToJsonString()),
        ["signed"] = JsonNode.Parse(Signed.ToJsonString()),
    });

    public MetadataDocument Clone() => Parse(ToBytes(), "a copy");
}
