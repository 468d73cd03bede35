using Summon.Cache;

namespace Summon.Tests.Cache;

public class InstallRecordTests
{
    [Fact]
    public void ARecordSurvivesARoundTrip()
    {
        var record = new InstallRecord("acme.a", "1.2.3-beta.1", "http://127.0.0.1:5000/",
            new Dictionary<string, string> { ["Acme.A"] = "lib/Acme.A.dll" },
            [new RecordedFile("lib/Acme.A.dll", 42, 638000000000000000, "ab12"), new RecordedFile("data/with space.bin", 0, 1, "cd")],
            [new RecordedFile("models/big model.bin", 1000, 0, "ef")],
            new Dictionary<string, string> { ["acme.core"] = "[1.0.0, 2.0.0)" });

        var parsed = InstallRecord.TryParse(record.Serialize());

        Assert.NotNull(parsed);
        Assert.Equal(record.ModuleId, parsed.ModuleId);
        Assert.Equal(record.Version, parsed.Version);
        Assert.Equal(record.Repository, parsed.Repository);
        Assert.Equal(record.Assemblies, parsed.Assemblies);
        Assert.Equal(record.Files, parsed.Files);
        Assert.Equal(record.LazyFiles, parsed.LazyFiles);
        Assert.Equal(record.Dependencies, parsed.Dependencies);
    }

    [Theory]
    [InlineData("")]
    [InlineData("summon-install 2\nmodule a 1\nrepository r\n")]
    [InlineData("summon-install 1\nmodule a\nrepository r\n")]
    [InlineData("summon-install 1\nmodule a 1\nrepository r\nfile x 1 h p\n")]
    [InlineData("summon-install 1\nmodule a 1\nrepository r\nunknown thing\n")]
    public void ATruncatedOrForeignRecordIsNotARecord(string text)
    {
        Assert.Null(InstallRecord.TryParse(text));
    }

    [Theory]
    [InlineData("libacme.so", true)]
    [InlineData("libacme.so.1.2", true)]
    [InlineData("libacme.dylib", true)]
    [InlineData("acme_native.dll", true)]
    [InlineData("data/model.bin", false)]
    [InlineData("lib/Acme.A.pdb", false)]
    public void OnlyAModuleWithAFileThatMayBeANativeLibraryNeedsTheDllImportFallback(string otherFile, bool mayHoldNatives)
    {
        var record = new InstallRecord("acme.a", "1.0.0", "http://127.0.0.1:5000/",
            new Dictionary<string, string> { ["Acme.A"] = "lib/Acme.A.dll" },
            [new RecordedFile("lib/Acme.A.dll", 42, 1, "ab"), new RecordedFile(otherFile, 1, 1, "cd")],
            [],
            new Dictionary<string, string>());

        Assert.Equal(mayHoldNatives, record.MayHoldNativeLibraries());
    }

    [GlibcFact]
    public void AFileStampAgreesWithTheSizeAndTimeRecordedFromFileInfo()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("model.bin");
        File.WriteAllBytes(path, [1, 2, 3]);
        var info = new FileInfo(path);
        var recorded = new RecordedFile("model.bin", info.Length, info.LastWriteTimeUtc.Ticks, "ab");

        Assert.True(recorded.IsUnchanged(LinuxCalls.Stat(path, followLinks: false)));
        File.SetLastWriteTimeUtc(path, info.LastWriteTimeUtc.AddSeconds(-1));
        Assert.False(recorded.IsUnchanged(LinuxCalls.Stat(path, followLinks: false)));
    }
}
