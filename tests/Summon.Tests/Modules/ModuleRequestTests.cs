using NuGet.Versioning;
using Summon.Modules;

namespace Summon.Tests.Modules;

public class ModuleRequestTests
{
    private static NuGetVersion[] Versions(params string[] versions) => versions.Select(NuGetVersion.Parse).ToArray();

    [Fact]
    public void ABareIdAcceptsEveryVersion()
    {
        var request = ModuleRequest.Parse("acme.pdf");
        Assert.Equal("acme.pdf", request.Id);
        Assert.Equal(VersionRange.All, request.Range);
    }

    [Fact]
    public void TheNewestVersionInTheRangeIsChosen()
    {
        var request = ModuleRequest.Parse("acme.pdf@[1.2,2.0)");
        Assert.Equal(NuGetVersion.Parse("1.9.0"), request.Choose(Versions("1.1.0", "1.2.0", "1.9.0", "2.0.0")));
    }

    [Fact]
    public void PrereleasesAreChosenOnlyWhenTheRangeNamesOne()
    {
        Assert.Equal(NuGetVersion.Parse("1.0.0"), ModuleRequest.Parse("a").Choose(Versions("1.0.0", "2.0.0-beta")));
        Assert.Equal(NuGetVersion.Parse("2.0.0-beta"), ModuleRequest.Parse("a@2.0.0-alpha").Choose(Versions("1.0.0", "2.0.0-beta")));
    }

    [Fact]
    public void AFloatingRangeIsUnderstood()
    {
        Assert.Equal(NuGetVersion.Parse("1.4.0"), ModuleRequest.Parse("a@1.*").Choose(Versions("1.0.0", "1.4.0", "2.0.0")));
    }

    [Fact]
    public void NothingIsChosenWhenNoVersionFits()
    {
        Assert.Null(ModuleRequest.Parse("a@[3.0,4.0)").Choose(Versions("1.0.0", "2.0.0")));
    }

    [Theory]
    [InlineData("acme.pdf@[1.0")]
    [InlineData("acme.pdf@not-a-version")]
    public void AnInvalidRangeIsAConfigurationErrorThatShowsTheSyntax(string text)
    {
        var error = Assert.Throws<SummonConfigurationException>(() => ModuleRequest.Parse(text));
        Assert.Contains("[1.2,2.0)", error.Message);
    }

    [Theory]
    [InlineData("Acme.Pdf")]
    [InlineData("../etc")]
    [InlineData("")]
    [InlineData("a/b")]
    public void AnInvalidIdIsAConfigurationError(string text)
    {
        Assert.Throws<SummonConfigurationException>(() => ModuleRequest.Parse(text));
    }
}
