using Summon.Loading;

namespace Summon.Tests.Loading;

/// <summary>The hook cuts names by hand (the base library's parsers cost milliseconds while a process starts): the same answers, pinned.</summary>
public class AssemblyResolveHookTests
{
    [Theory]
    [InlineData("Acme.Extra, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null", "Acme.Extra")]
    [InlineData("Acme.Extra", "Acme.Extra")]
    [InlineData("  Acme.Extra  , Version=1.0.0.0", "Acme.Extra")]
    [InlineData("\"Acme, Extra\", Version=1.0.0.0", "Acme, Extra")]
    public void TheSimpleNameIsWhatAssemblyNameWouldParse(string displayName, string simpleName)
    {
        Assert.Equal(simpleName, AssemblyResolveHook.SimpleName(displayName));
        Assert.Equal(new System.Reflection.AssemblyName(displayName).Name, AssemblyResolveHook.SimpleName(displayName));
    }

    [Theory]
    [InlineData("", null)]
    [InlineData(" , Version=1.0.0.0", null)]
    public void ADisplayNameWithoutASimpleNameHasNone(string displayName, string? simpleName)
    {
        Assert.Equal(simpleName, AssemblyResolveHook.SimpleName(displayName));
    }

    [Theory]
    [InlineData("Acme.Extra.resources", true)]
    [InlineData("Acme.Extra.Resources", true)]
    [InlineData("ACME.RESOURCES", true)]
    [InlineData(".resources", true)]
    [InlineData("resources", false)]
    [InlineData("Acme.Resources.Core", false)]
    [InlineData("Acme.Extra", false)]
    public void SatelliteResourceAssembliesAreKnownByTheirSuffixInAnyCase(string simpleName, bool satellite)
    {
        Assert.Equal(satellite, AssemblyResolveHook.IsSatelliteName(simpleName));
        Assert.Equal(simpleName.EndsWith(".resources", StringComparison.OrdinalIgnoreCase), AssemblyResolveHook.IsSatelliteName(simpleName));
    }
}
