using Summon.Cache;

namespace Summon.Tests.Cache;

/// <summary>The warm path's hand-written text helpers agree with the base library on ASCII and refuse what is not.</summary>
public sealed class AsciiTextTests
{
    [Theory]
    [InlineData("Acme.A.DLL", 6, 4, ".dll", true)]
    [InlineData("Acme.A.dll", 0, 6, "acme.a", true)]
    [InlineData("Acme.B.dll", 0, 6, "acme.a", false)]
    [InlineData("Acme.A.dll", 0, 5, "acme.a", false)]
    [InlineData("x", -9, 10, ".resources", false)]
    [InlineData("x.res", 2, 10, ".resources", false)]
    public void EqualsIgnoringCaseComparesARangeWithLowercaseText(string text, int start, int length, string lowercase, bool equal) =>
        Assert.Equal(equal, AsciiText.EqualsIgnoringCase(text, start, length, lowercase));

    [Fact]
    public void TryDecodeReturnsAsciiBytesAsText() => Assert.Equal("/cache/v1/Acme.A.dll", AsciiText.TryDecode("/cache/v1/Acme.A.dll"u8));

    [Fact]
    public void TryDecodeRefusesBytesThatAreNotAscii() => Assert.Null(AsciiText.TryDecode("/cache/caf\u00e9"u8));
}
