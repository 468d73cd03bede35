using NuGet.Versioning;
using Summon.Loading;

namespace Summon.Tests.Loading;

public class PlainVersionsTests
{
    private static readonly string[] Versions = ["0.0.1", "0.9.0", "1.0.0", "1.0.1", "1.2.0", "1.4.2", "1.9.9", "2.0.0", "2.0.1", "3.0.0", "10.0.0"];

    [Theory]
    [InlineData("1.0")]
    [InlineData("1.2.0")]
    [InlineData("[1.0,2.0)")]
    [InlineData("[1.0, 2.0]")]
    [InlineData("(1.0,2.0)")]
    [InlineData("(,2.0]")]
    [InlineData("(,1.0)")]
    [InlineData("[1.4.2]")]
    [InlineData("[1.0,)")]
    [InlineData("(1.0.1,10)")]
    [InlineData("[1.0.0.0,2.0.0.0)")]
    public void ARangeItReadsAdmitsExactlyTheVersionsNuGetAdmits(string text)
    {
        var plain = PlainVersions.TryParseRange(text);
        var nuget = VersionRange.Parse(text);

        Assert.NotNull(plain);
        foreach (var version in Versions)
        {
            Assert.Equal(nuget.Satisfies(NuGetVersion.Parse(version)), plain.Value.Contains(PlainVersions.TryParseExact(version)!));
        }
    }

    [Theory]
    [InlineData("1.*")]
    [InlineData("*")]
    [InlineData("[1.0-beta,2.0)")]
    [InlineData("1.0.0+build")]
    [InlineData("")]
    [InlineData("(1.0)")]
    [InlineData("[2.0,1.0]")]
    [InlineData("[01.0,2.0)")]
    [InlineData("1.0.0.0.0")]
    public void ARangeOutsideThePlainSubsetIsLeftToNuGet(string text) =>
        Assert.Null(PlainVersions.TryParseRange(text));

    [Fact]
    public void NoRangeAtAllIsEveryVersion() =>
        Assert.True(PlainVersions.TryParseRange(null)!.Value.Contains(new Version(99, 0, 0, 0)));

    [Theory]
    [InlineData("1.0.0", true)]
    [InlineData("10.20.30", true)]
    [InlineData("1.0", false)]
    [InlineData("1.0.0.1", false)]
    [InlineData("1.0.0-beta", false)]
    [InlineData("01.0.0", false)]
    [InlineData(".trash", false)]
    public void OnlyPlainMajorMinorPatchFolderNamesAreReadAsVersions(string text, bool plain) =>
        Assert.Equal(plain, PlainVersions.TryParseExact(text) is not null);
}
