using System.Text.Json;
using System.Text.Json.Nodes;

namespace Summon.Modules;

/// <summary>Writes the small JSON documents modules are described by, indented so a person can read them.</summary>
internal static class JsonDocuments
{
    public static byte[] ToUtf8(JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            node.WriteTo(writer);
        }
        return buffer.ToArray();
    }
}
