using System.Text;
using System.Text.Json.Nodes;
using Summon.Trust;

namespace Summon.Tests.Trust;

public sealed class CanonicalJsonTests
{
    private static string Canonical(string json) => Encoding.UTF8.GetString(CanonicalJson.Serialize(JsonNode.Parse(json)));

    [Fact]
    public void Matches_securesystemslib_for_sorted_keys_nesting_and_unicode()
    {
        // Expected output is what Python's json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        // writes, which equals securesystemslib's encode_canonical for input without control characters.
        var input = """{"b":1,"a":[true,false,null],"c":"x","B":{"z":-5,"y":"q\"\\"},"\uffff":0,"\ud83d\ude00":1,"é":"ü"}""";

        Assert.Equal("""{"B":{"y":"q\"\\","z":-5},"a":[true,false,null],"b":1,"c":"x","é":"ü","￿":0,"😀":1}""", Canonical(input));
    }

    [Fact]
    public void Keys_sort_by_code_point_not_by_utf16_unit()
    {
        Assert.Equal("{\"\uffff\":0,\"\U0001F600\":1}", Canonical("""{"\ud83d\ude00":1,"\uffff":0}"""));
    }

    [Fact]
    public void Escapes_only_quote_and_backslash()
    {
        var bytes = CanonicalJson.Serialize(JsonValue.Create("a\"b\\c\nd\u0001"));

        Assert.Equal("\"a\\\"b\\\\c\nd\u0001\""u8.ToArray(), bytes);
    }

    [Fact]
    public void Refuses_fractions()
    {
        Assert.Throws<FormatException>(() => Canonical("""{"a":1.5}"""));
    }

    [Fact]
    public void Writes_values_built_in_code_and_parsed_values_alike()
    {
        var built = new JsonObject { ["n"] = 5, ["l"] = 6L, ["s"] = "x", ["t"] = true, ["z"] = null };

        Assert.Equal(Canonical("""{"z":null,"t":true,"s":"x","n":5,"l":6}"""), Encoding.UTF8.GetString(CanonicalJson.Serialize(built)));
    }

    [Fact]
    public void Strictly_parsed_document_round_trips_to_the_same_canonical_bytes()
    {
        var json = """{"signed":{"b":[1,2,{"x":"y"}],"a":"é"},"signatures":[]}"""u8;

        var strict = StrictJson.ParseObject(json, "test");

        Assert.Equal(CanonicalJson.Serialize(JsonNode.Parse(json.ToArray())), CanonicalJson.Serialize(strict));
    }
}
