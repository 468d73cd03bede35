using Summon.Cache;

namespace Summon.Tests.Cache;

/// <summary>
/// What the store reads from a version's folder (its install record, its revoked marker) and from a module's folder
/// (its versions) is kept for the process while the folder keeps its stamp. These tests set the folders' times an
/// hour back first: a folder changed in the last seconds is read again every time, so without that nothing is kept.
/// </summary>
public class ModuleStoreMemoTests
{
    private static void SetBackAnHour(string directory) => Directory.SetLastWriteTimeUtc(directory, DateTime.UtcNow.AddHours(-1));

    [Fact]
    public void AVersionFolderWhoseStampHoldsIsNotReadAgain()
    {
        using var temp = new TempDirectory();
        var store = new ModuleStore(temp.Path);
        var installed = ModuleStoreTests.Install(store, "acme.a", "1.0.0");
        SetBackAnHour(installed.Directory);
        var first = store.TryGetInstalled("acme.a", "1.0.0");

        // Rewritten in place, which changes no folder's time (Summon itself only ever replaces the record whole).
        File.WriteAllText(Path.Combine(installed.Directory, InstallRecord.FileName), "not a record");

        Assert.NotNull(first);
        Assert.Same(first, store.TryGetInstalled("acme.a", "1.0.0"));
    }

    [Fact]
    public void AVersionFolderWhoseTimeIsNotSafelyPastIsReadAgain()
    {
        using var temp = new TempDirectory();
        var store = new ModuleStore(temp.Path);
        var installed = ModuleStoreTests.Install(store, "acme.a", "1.0.0");
        // A minute ahead rather than just now: on a loaded machine "just now" could be seconds past by the next line.
        Directory.SetLastWriteTimeUtc(installed.Directory, DateTime.UtcNow.AddMinutes(1));
        Assert.NotNull(store.TryGetInstalled("acme.a", "1.0.0"));

        File.WriteAllText(Path.Combine(installed.Directory, InstallRecord.FileName), "not a record");

        Assert.Null(store.TryGetInstalled("acme.a", "1.0.0"));
    }

    [Fact]
    public void AVersionRevokedAfterItsFolderWasReadIsSeenAsRevoked()
    {
        using var temp = new TempDirectory();
        var store = new ModuleStore(temp.Path);
        var installed = ModuleStoreTests.Install(store, "acme.a", "1.0.0");
        SetBackAnHour(installed.Directory);
        Assert.Null(store.RevokedReason("acme.a", "1.0.0"));

        store.MarkRevoked("acme.a", "1.0.0", "key compromise");

        Assert.Equal("key compromise", store.RevokedReason("acme.a", "1.0.0"));
    }

    [Fact]
    public void AVersionInstalledAfterTheModuleFolderWasListedIsListed()
    {
        using var temp = new TempDirectory();
        var store = new ModuleStore(temp.Path);
        var installed = ModuleStoreTests.Install(store, "acme.a", "1.0.0");
        SetBackAnHour(Path.GetDirectoryName(installed.Directory)!);
        Assert.Equal(["1.0.0"], store.InstalledVersions("acme.a"));

        ModuleStoreTests.Install(store, "acme.a", "2.0.0");

        Assert.Equal(["1.0.0", "2.0.0"], store.InstalledVersions("acme.a").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AFileChangedAfterItsFolderWasReadMakesTheModuleNotIntact()
    {
        using var temp = new TempDirectory();
        var store = new ModuleStore(temp.Path);
        var installed = ModuleStoreTests.Install(store, "acme.a", "1.0.0");
        SetBackAnHour(installed.Directory);
        Assert.True(store.TryGetInstalled("acme.a", "1.0.0")!.IsIntact());

        File.WriteAllText(installed.PathOf("lib/A.dll"), "tampered, longer");

        Assert.False(store.TryGetInstalled("acme.a", "1.0.0")!.IsIntact());
    }

    [Fact]
    public void AVersionFolderReplacedByALinkIsNotInstalled()
    {
        using var temp = new TempDirectory();
        var store = new ModuleStore(temp.Path);
        var installed = ModuleStoreTests.Install(store, "acme.a", "1.0.0");
        SetBackAnHour(installed.Directory);
        Assert.NotNull(store.TryGetInstalled("acme.a", "1.0.0"));
        var elsewhere = temp.Combine("elsewhere");
        Directory.Move(installed.Directory, elsewhere);

        Directory.CreateSymbolicLink(installed.Directory, elsewhere);

        Assert.Null(store.TryGetInstalled("acme.a", "1.0.0"));
    }
}
