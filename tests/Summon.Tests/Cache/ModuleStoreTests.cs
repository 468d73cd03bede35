using Summon.Cache;

namespace Summon.Tests.Cache;

public class ModuleStoreTests
{
    internal static InstalledModule Install(ModuleStore store, string id, string version, string content = "bytes")
    {
        using var staging = store.BeginInstall(id, version);
        using (var file = staging.CreateFile("lib/A.dll"))
        {
            file.Write(System.Text.Encoding.UTF8.GetBytes(content));
        }
        return staging.Publish("http://127.0.0.1/", new Dictionary<string, string> { ["A"] = "lib/A.dll" }, new Dictionary<string, string> { ["lib/A.dll"] = "00" }, [], new Dictionary<string, string>());
    }

    [Fact]
    public void APublishedInstallIsFoundWithItsRecord()
    {
        using var temp = new TempDirectory();
        var store = new ModuleStore(temp.Path);
        Install(store, "acme.a", "1.0.0");

        var installed = store.TryGetInstalled("acme.a", "1.0.0");

        Assert.NotNull(installed);
        Assert.True(installed.IsIntact());
        Assert.Equal("lib/A.dll", installed.Record.Assemblies["A"]);
        Assert.Equal("acme.a", store.LookupAssemblyProvider("a"));
    }

    [Fact]
    public void AnAbandonedInstallLeavesNothingVisible()
    {
        using var temp = new TempDirectory();
        var store = new ModuleStore(temp.Path);
        using (var staging = store.BeginInstall("acme.a", "1.0.0"))
        {
            using var file = staging.CreateFile("A.dll");
            file.WriteByte(1);
        }

        Assert.Null(store.TryGetInstalled("acme.a", "1.0.0"));
        Assert.Empty(store.ListInstalled());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(temp.Path, "v1", "staging")));
    }

    [Fact]
    public void AFileChangedOnDiskMakesTheModuleNotIntact()
    {
        using var temp = new TempDirectory();
        var store = new ModuleStore(temp.Path);
        var installed = Install(store, "acme.a", "1.0.0");

        File.WriteAllText(installed.PathOf("lib/A.dll"), "tampered, longer");

        Assert.False(store.TryGetInstalled("acme.a", "1.0.0")!.IsIntact());
    }

    [Fact]
    public void ReinstallingOverADamagedVersionReplacesIt()
    {
        using var temp = new TempDirectory();
        var store = new ModuleStore(temp.Path);
        var first = Install(store, "acme.a", "1.0.0");
        File.Delete(first.PathOf("lib/A.dll"));

        var second = Install(store, "acme.a", "1.0.0", "fresh");

        Assert.True(second.IsIntact());
        Assert.Equal("fresh", File.ReadAllText(second.PathOf("lib/A.dll")));
    }

    [Fact]
    public void ARacingInstallOfAnIntactVersionKeepsTheFirst()
    {
        using var temp = new TempDirectory();
        var store = new ModuleStore(temp.Path);
        Install(store, "acme.a", "1.0.0", "first");

        var second = Install(store, "acme.a", "1.0.0", "second");

        Assert.Equal("first", File.ReadAllText(second.PathOf("lib/A.dll")));
    }

    [Fact]
    public void ClearRemovesEveryModuleAndMetadata()
    {
        using var temp = new TempDirectory();
        var store = new ModuleStore(temp.Path);
        Install(store, "acme.a", "1.0.0");
        var metadata = store.RepositoryMetadataDirectory(new Uri("http://127.0.0.1:1/"), [1, 2, 3]);
        File.WriteAllText(Path.Combine(metadata, "root.json"), "{}");

        store.Clear();

        Assert.Empty(store.ListInstalled());
        Assert.Null(store.LookupAssemblyProvider("A"));
        Assert.False(File.Exists(Path.Combine(metadata, "root.json")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path));
    }

    [Fact]
    public void TwoRepositoriesAtOneAddressWithDifferentRootsKeepSeparateMetadata()
    {
        using var temp = new TempDirectory();
        var store = new ModuleStore(temp.Path);
        var url = new Uri("http://127.0.0.1:5000/");

        Assert.NotEqual(store.RepositoryMetadataDirectory(url, [1]), store.RepositoryMetadataDirectory(url, [2]));
    }
}
