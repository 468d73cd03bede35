using System.Text.Json;
using System.Text.Json.Nodes;

namespace Summon.Trust;

/// <summary>
/// Parses repository metadata more strictly than <see cref="JsonNode.Parse(string, JsonNodeOptions?, JsonDocumentOptions)"/>:
/// a duplicate key could make two readers see two different documents under one signature, a fraction or an
/// integer beyond 64 bits has no canonical form to verify, and unbounded nesting is a denial of service.
/// Every refusal is a <see cref="TrustException"/> with <see cref="TrustCheck.Format"/>.
/// </summary>
internal static class StrictJson
{
    /// <summary>Deep enough for any TUF document (delegations nest about six levels), shallow enough to be harmless.</summary>
    public const int MaxDepth = 64;

    public static JsonObject ParseObject(ReadOnlySpan<byte> utf8, string role)
    {
        JsonNode? node;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
            {
                MaxDepth = MaxDepth,
                CommentHandling = JsonCommentHandling.Disallow,
                AllowTrailingCommas = false,
            });
            if (!reader.Read())
            {
                throw Refuse(role, "the document is empty");
            }
            node = ReadValue(ref reader, role);
            if (reader.Read())
            {
                throw Refuse(role, "there is data after the end of the document");
            }
        }
        catch (JsonException e)
        {
            throw new TrustException(role, TrustCheck.Format, $"{role} metadata is not valid JSON ({e.Message}); the repository served a damaged or hostile file.", e);
        }
        catch (InvalidOperationException e)
        {
            throw new TrustException(role, TrustCheck.Format, $"{role} metadata is not valid JSON ({e.Message}); the repository served a damaged or hostile file.", e);
        }
        return node as JsonObject ?? throw Refuse(role, "the document is not a JSON object");
    }

    private static JsonNode? ReadValue(ref Utf8JsonReader reader, string role)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var obj = new JsonObject();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    var value = ReadValue(ref reader, role);
                    if (obj.ContainsKey(name))
                    {
                        throw Refuse(role, $"the key \"{Shorten(name)}\" appears twice in one object");
                    }
                    obj.Add(name, value);
                }
                return obj;
            case JsonTokenType.StartArray:
                var array = new JsonArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    array.Add(ReadValue(ref reader, role));
                }
                return array;
            case JsonTokenType.String:
                return JsonValue.Create(reader.GetString()!);
            case JsonTokenType.Number:
                if (!reader.TryGetInt64(out var number))
                {
                    throw Refuse(role, $"the number {Shorten(System.Text.Encoding.UTF8.GetString(reader.ValueSpan))} is not an integer that fits in 64 bits");
                }
                return JsonValue.Create(number);
            case JsonTokenType.True:
                return JsonValue.Create(true);
            case JsonTokenType.False:
                return JsonValue.Create(false);
            case JsonTokenType.Null:
                return null;
            default:
                throw Refuse(role, $"unexpected JSON token {reader.TokenType}");
        }
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";

    private static TrustException Refuse(string role, string why) =>
        new(role, TrustCheck.Format, $"{role} metadata is malformed: {why}. The repository served a damaged or hostile file; nothing was trusted from it.");
}
