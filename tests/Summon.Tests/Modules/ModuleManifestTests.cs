using System.Text;
using NuGet.Versioning;
using Summon.Modules;

namespace Summon.Tests.Modules;

public class ModuleManifestTests
{
    [Fact]
    public void AManifestSurvivesARoundTrip()
    {
        var manifest = new ModuleManifest("acme.pdf", NuGetVersion.Parse("1.2.3"), [new ModuleAssembly("Acme.Pdf", "Acme.Pdf.dll")],
            [new ModuleFile("Acme.Pdf.dll", 10, "ab"), new ModuleFile("data/fonts.bin", 20, "cd")],
            new Dictionary<string, VersionRange> { ["acme.fonts"] = VersionRange.Parse("[3.0,4.0)") });

        var parsed = ModuleManifest.Parse(manifest.ToJson(), "test");

        Assert.Equal(manifest.Id, parsed.Id);
        Assert.Equal(manifest.Version, parsed.Version);
        Assert.Equal(manifest.Assemblies, parsed.Assemblies);
        Assert.Equal(manifest.Files, parsed.Files);
        Assert.Equal(manifest.Dependencies["acme.fonts"], parsed.Dependencies["acme.fonts"]);
    }

    [Theory]
    [InlineData("../../outside.dll")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/Windows/x.dll")]
    [InlineData("a\\\\..\\\\b.dll")]
    [InlineData("a//b.dll")]
    public void AFilePathThatWouldLeaveTheModuleFolderIsRefused(string path)
    {
        var json = $$"""{"schema":1,"id":"a","version":"1.0.0","files":[{"path":"{{path}}","length":1,"sha256":"00"}]}""";
        var error = Assert.Throws<SummonException>(() => ModuleManifest.Parse(Encoding.UTF8.GetBytes(json), "test"));
        Assert.Contains("leave the module folder", error.Message);
    }

    [Theory]
    [InlineData("../../outside")]
    [InlineData("a/b")]
    [InlineData("a\\\\b")]
    [InlineData("..")]
    [InlineData("c:outside")]
    [InlineData("")]
    public void AnAssemblyNameThatIsNotAPlainNameIsRefused(string name)
    {
        var json = $$"""{"schema":1,"id":"a","version":"1.0.0","files":[{"path":"a.dll","length":1,"sha256":"00"}],"assemblies":[{"name":"{{name}}","path":"a.dll"}]}""";
        var error = Assert.Throws<SummonException>(() => ModuleManifest.Parse(Encoding.UTF8.GetBytes(json), "test"));
        Assert.Contains("is not a plain name", error.Message);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"schema":1}""")]
    [InlineData("""{"schema":2,"id":"a","version":"1.0.0","files":[]}""")]
    [InlineData("""{"schema":1,"id":"a","version":"one","files":[]}""")]
    [InlineData("""{"schema":1,"id":"a","version":"1.0.0","files":[{"path":5}]}""")]
    public void AMalformedManifestIsRefusedWithAMessage(string json)
    {
        var error = Assert.Throws<SummonException>(() => ModuleManifest.Parse(Encoding.UTF8.GetBytes(json), "test"));
        Assert.Contains("invalid", error.Message);
    }
}
