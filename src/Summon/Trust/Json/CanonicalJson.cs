using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Summon.Trust;

/// <summary>
/// The canonical JSON form TUF signs (OLPC canonical JSON, as securesystemslib writes it): object keys
/// sorted by code point, no insignificant whitespace, strings escaping only the quote and the backslash,
/// integers only. Signatures are made and checked over these bytes, so a reader and a writer that disagree
/// by one byte cannot interoperate.
/// </summary>
internal static class CanonicalJson
{
    public static byte[] Serialize(JsonNode? node)
    {
        var output = new ByteWriter();
        Write(output, node);
        return output.ToArray();
    }

    public static byte[] Serialize(JsonElement element) => Serialize(ToNode(element));

    private static JsonNode? ToNode(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(element),
        JsonValueKind.Array => JsonArray.Create(element),
        _ => JsonValue.Create(element),
    };

    private static void Write(ByteWriter output, JsonNode? node)
    {
        switch (node)
        {
            case null:
                WriteAscii(output, "null");
                break;
            case JsonObject obj:
                output.WriteByte((byte)'{');
                // An array of objects sorted by Array.Sort, not LINQ over tuples: ReadyToRun has no code for LINQ's
                // generics over a tuple, and a process's first signature check compiled some thirty methods for it.
                var members = new Member[obj.Count];
                var count = 0;
                foreach (var (key, value) in obj)
                {
                    members[count++] = new Member(Encoding.UTF8.GetBytes(key), value);
                }
                Array.Sort(members, Utf8Order.Instance);
                for (var i = 0; i < members.Length; i++)
                {
                    if (i > 0)
                    {
                        output.WriteByte((byte)',');
                    }
                    WriteString(output, members[i].Name);
                    output.WriteByte((byte)':');
                    Write(output, members[i].Value);
                }
                output.WriteByte((byte)'}');
                break;
            case JsonArray array:
                output.WriteByte((byte)'[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        output.WriteByte((byte)',');
                    }
                    Write(output, array[i]);
                }
                output.WriteByte((byte)']');
                break;
            case JsonValue value:
                WriteValue(output, value);
                break;
        }
    }

    private static void WriteValue(ByteWriter output, JsonValue value)
    {
        // A JsonValue holds either a JsonElement (from JsonNode.Parse) or a CLR primitive (built in code or by
        // StrictJson); GetValue<JsonElement> throws on the latter, so each backing is handled.
        if (value.TryGetValue<JsonElement>(out var element))
        {
            WriteElement(output, element);
        }
        else if (value.TryGetValue<string>(out var text))
        {
            WriteString(output, Encoding.UTF8.GetBytes(text));
        }
        else if (value.TryGetValue<bool>(out var flag))
        {
            WriteAscii(output, flag ? "true" : "false");
        }
        else if (value.TryGetValue<long>(out var number))
        {
            WriteAscii(output, number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (value.TryGetValue<int>(out var small))
        {
            WriteAscii(output, small.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (value.TryGetValue<ulong>(out var unsigned))
        {
            WriteAscii(output, unsigned.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            throw new FormatException($"the JSON value {value.ToJsonString()} has no canonical form (canonical JSON allows only strings, integers, booleans and null)");
        }
    }

    private static void WriteElement(ByteWriter output, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                WriteString(output, Encoding.UTF8.GetBytes(element.GetString()!));
                break;
            case JsonValueKind.True:
                WriteAscii(output, "true");
                break;
            case JsonValueKind.False:
                WriteAscii(output, "false");
                break;
            case JsonValueKind.Null:
                WriteAscii(output, "null");
                break;
            case JsonValueKind.Number:
                var text = element.GetRawText();
                if (!IsCanonicalInteger(text))
                {
                    throw new FormatException($"canonical JSON allows only integers, not {text}");
                }
                WriteAscii(output, text);
                break;
            case JsonValueKind.Object:
            case JsonValueKind.Array:
                Write(output, ToNode(element));
                break;
            default:
                throw new FormatException($"a JSON value of kind {element.ValueKind} has no canonical form");
        }
    }

    private static bool IsCanonicalInteger(string text)
    {
        var digits = text.AsSpan(text.StartsWith('-') ? 1 : 0);
        if (digits.IsEmpty || (digits[0] == '0' && digits.Length > 1))
        {
            return false;
        }
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }
        return true;
    }

    private static void WriteString(ByteWriter output, ReadOnlySpan<byte> utf8)
    {
        output.WriteByte((byte)'"');
        foreach (var b in utf8)
        {
            if (b is (byte)'"' or (byte)'\\')
            {
                output.WriteByte((byte)'\\');
            }
            output.WriteByte(b);
        }
        output.WriteByte((byte)'"');
    }

    private static void WriteAscii(ByteWriter output, string text)
    {
        foreach (var c in text)
        {
            output.WriteByte((byte)c);
        }
    }

    /// <summary>A growing byte array: the output is written a byte at a time, which a stream makes a virtual call each.</summary>
    private sealed class ByteWriter
    {
        private byte[] bytes = new byte[4096];
        private int length;

        public void WriteByte(byte value)
        {
            if (length == bytes.Length)
            {
                Array.Resize(ref bytes, bytes.Length * 2);
            }
            bytes[length++] = value;
        }

        public byte[] ToArray() => bytes.AsSpan(0, length).ToArray();
    }

    private sealed class Member(byte[] name, JsonNode? value)
    {
        public byte[] Name { get; } = name;

        public JsonNode? Value { get; } = value;
    }

    /// <summary>UTF-8 byte order is code point order, which is the order canonical JSON sorts keys in.</summary>
    private sealed class Utf8Order : IComparer<Member>
    {
        public static readonly Utf8Order Instance = new();

        public int Compare(Member? x, Member? y) => x!.Name.AsSpan().SequenceCompareTo(y!.Name);
    }
}
