using Summon.Loading;

namespace Summon.Tests.Loading;

public class PlainJsonTests
{
    [Fact]
    public void ReadsWhatSummonJsonHolds()
    {
        var root = PlainJson.TryParseObject("""
            // the application's settings
            { "repository": "http://127.0.0.1:1/", "offline": false, "hours": 1.5, "count": -3,
              "modules": { "Acme.Extra": "acme.extra@[1.0,2.0)", }, "mirrors": ["a\u0062\n", null], /* trailing */ }
            """, lenient: true);

        Assert.NotNull(root);
        Assert.Equal("http://127.0.0.1:1/", root["repository"]);
        Assert.Equal(false, root["offline"]);
        Assert.Equal(1.5, root["hours"]);
        Assert.Equal(-3L, root["count"]);
        Assert.Equal("acme.extra@[1.0,2.0)", ((Dictionary<string, object?>)root["modules"]!)["Acme.Extra"]);
        Assert.Equal(["ab\n", null], (List<object?>)root["mirrors"]!);
    }

    [Theory]
    [InlineData("""{ "a": 1 } x""")]
    [InlineData("""{ "a": 1, "a": 2 }""")]
    [InlineData("""{ "a": 01 }""")]
    [InlineData("""{ "a": "unterminated }""")]
    [InlineData("""{ "a" 1 }""")]
    [InlineData("""[1, 2]""")]
    [InlineData("""{ "a": tru }""")]
    [InlineData("""{ "a": 1 /* unterminated""")]
    public void AnythingItIsNotSureOfIsNull(string text) =>
        Assert.Null(PlainJson.TryParseObject(text, lenient: true));

    [Theory]
    [InlineData("""{ "a": 1, }""")]
    [InlineData("// comment\n{ \"a\": 1 }")]
    [InlineData("""{ "a": [1,] }""")]
    public void StrictModeRefusesCommentsAndTrailingCommasAsTheLockFileReaderDoes(string text) =>
        Assert.Null(PlainJson.TryParseObject(text, lenient: false));
}
