using System.IO.Compression;
using Summon.Modules;
using Summon.Publishing;

namespace Summon.Tests.Publishing;

public class NupkgPublishingTests
{
    private static string MakeNupkg(string directory)
    {
        var path = Path.Combine(directory, "Acme.Pdf.2.0.0.nupkg");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        void Add(string name, string content)
        {
            using var writer = new StreamWriter(zip.CreateEntry(name).Open());
            writer.Write(content);
        }
        Add("Acme.Pdf.nuspec", """
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata>
                <id>Acme.Pdf</id><version>2.0.0</version><authors>acme</authors><description>d</description>
                <dependencies>
                  <group targetFramework="net8.0"><dependency id="Acme.Fonts" version="[3.0.0, 4.0.0)" /></group>
                </dependencies>
              </metadata>
            </package>
            """);
        Add("lib/net8.0/readme.txt", "managed files would be here");
        Add("runtimes/linux-x64/native/libpdf.so", "native");
        Add("[Content_Types].xml", "<Types/>");
        Add("_rels/.rels", "<Relationships/>");
        return path;
    }

    [Fact]
    public void ANupkgIsPublishedWithItsDependenciesAndItsFolderConventions()
    {
        using var temp = new TempDirectory();
        var nupkg = MakeNupkg(temp.Path);
        using (var editor = RepositoryEditor.Init(temp.Combine("repo"), temp.Combine("keys")))
        {
            editor.Publish(nupkg, "acme.pdf", "2.0.0");
        }

        var manifestFile = Directory.EnumerateFiles(temp.Combine("repo", "targets", "modules", "acme.pdf", "2.0.0"), "*.module.json").Single();
        var manifest = ModuleManifest.Parse(File.ReadAllBytes(manifestFile), "test");

        Assert.Equal("[3.0.0, 4.0.0)", manifest.Dependencies["acme.fonts"].ToNormalizedString());
        Assert.Equal(["lib/net8.0/readme.txt", "runtimes/linux-x64/native/libpdf.so"], manifest.Files.Select(f => f.Path).Order());
        Assert.Equal("net8.0", manifest.Files.Single(f => f.Path.StartsWith("lib/")).Framework);
        Assert.Equal("linux-x64", manifest.Files.Single(f => f.Path.StartsWith("runtimes/")).Runtime);
    }

    [Fact]
    public void OnlyDataFilesCanBeLazy()
    {
        using var temp = new TempDirectory();
        var nupkg = MakeNupkg(temp.Path);
        using var editor = RepositoryEditor.Init(temp.Combine("repo"), temp.Combine("keys"));

        var error = Assert.Throws<PublishingException>(() => editor.Publish(nupkg, "acme.pdf", "2.0.0", lazyFiles: ["lib/**"]));

        Assert.Contains("only data files", error.Message);
    }
}
