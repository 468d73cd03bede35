using System.Runtime.InteropServices;
using NuGet.Frameworks;
using NuGet.Versioning;
using Summon.Modules;

namespace Summon.Tests.Modules;

public class AssetSelectorTests
{
    private static readonly NuGetFramework Net10 = NuGetFramework.Parse("net10.0");
    private static readonly string[] LinuxX64 = ["linux-x64", "linux", "unix-x64", "unix", "any"];

    private static ModuleManifest Manifest(params ModuleFile[] files) => new("acme.pdf", NuGetVersion.Parse("1.0.0"),
        files.Where(f => f.Path.EndsWith(".dll") && f.Runtime is null).Select(f => new ModuleAssembly(Path.GetFileNameWithoutExtension(f.Path), f.Path)).ToList(),
        files, new Dictionary<string, VersionRange>());

    private static ModuleFile Lib(string tfm, string name = "Acme.Pdf.dll") => new($"lib/{tfm}/{name}", 1, "00", Framework: tfm);

    private static ModuleFile Native(string rid, string name) => new($"runtimes/{rid}/native/{name}", 1, "00", Runtime: rid);

    [Fact]
    public void TheNearestFrameworkIsChosenAsNuGetWould()
    {
        var selected = AssetSelector.Select(Manifest(Lib("netstandard2.0"), Lib("net6.0"), Lib("net8.0"), Lib("net11.0")), Net10, LinuxX64);

        Assert.Equal("lib/net8.0/Acme.Pdf.dll", Assert.Single(selected.Files).File.Path);
        Assert.Equal("Acme.Pdf.dll", selected.Assemblies["Acme.Pdf"]);
    }

    [Fact]
    public void OnlyTheMostSpecificPlatformsNativesAreChosenAndInstalledBesideTheAssembly()
    {
        var selected = AssetSelector.Select(Manifest(Lib("net8.0"), Native("linux-x64", "libpdf.so"), Native("linux", "libgeneric.so"), Native("win-x64", "pdf.dll")), Net10, LinuxX64);

        Assert.Equal(["Acme.Pdf.dll", "libpdf.so"], selected.Files.Select(f => f.InstallPath).Order());
    }

    [Fact]
    public void AModuleWithNoAssembliesForThisRuntimeSaysWhatItOffers()
    {
        var error = Assert.Throws<SummonException>(() => AssetSelector.Select(Manifest(Lib("net472")), Net10, LinuxX64));

        Assert.Contains("net472", error.Message);
        Assert.Contains("net10.0", error.Message);
    }

    [Fact]
    public void AModuleWithNoNativesForThisPlatformSaysWhichItHas()
    {
        var error = Assert.Throws<SummonException>(() => AssetSelector.Select(Manifest(Native("win-x64", "pdf.dll"), Native("osx-arm64", "libpdf.dylib")), Net10, LinuxX64));

        Assert.Contains("linux-x64", error.Message);
        Assert.Contains("win-x64", error.Message);
    }

    [Fact]
    public void AnUnknownFrameworkInAManifestIsRefused()
    {
        var json = """{"schema":1,"id":"a","version":"1.0.0","files":[{"path":"lib/banana9/A.dll","length":1,"sha256":"00","framework":"banana9"}]}"""u8.ToArray();

        var error = Assert.Throws<SummonException>(() => ModuleManifest.Parse(json, "test"));

        Assert.Contains("unknown target framework 'banana9'", error.Message);
    }

    [LinuxFact]
    public void MuslFallsBackToMuslBeforeGlibc()
    {
        var fallbacks = AssetSelector.RuntimeFallbacks("linux-musl-x64", Architecture.X64).ToList();

        Assert.True(fallbacks.IndexOf("linux-musl-x64") < fallbacks.IndexOf("linux-x64"), string.Join(", ", fallbacks));
    }
}
