using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NuGet.Versioning;
using Summon.Modules;
using Summon.Publishing;

namespace Summon.Tests.Publishing;

public class RepositoryEditorTests
{
    [Fact]
    public async Task Init_writes_metadata_a_TUF_client_verifies()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();

        await fx.Client().RefreshAsync(CancellationToken.None);

        var root = fx.Signed("root.json");
        Assert.True(root["consistent_snapshot"]!.GetValue<bool>());
        Assert.Equal(1, root["version"]!.GetValue<int>());
        Assert.True(File.Exists(Path.Combine(fx.Repo, "metadata", "1.targets.json")));
        Assert.True(File.Exists(Path.Combine(fx.Repo, "metadata", "1.snapshot.json")));
        Assert.Equal(4, Directory.GetFiles(fx.Keys, "*.json").Length);
        Assert.DoesNotContain(Directory.GetFiles(fx.Repo, "*.json", SearchOption.AllDirectories), f => File.ReadAllText(f).Contains("PRIVATE KEY"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(fx.Keys));
        }
    }

    [Fact]
    public async Task Init_with_thresholds_and_several_keys_per_role_is_signed_by_all_root_keys()
    {
        using var fx = new PublishingFixture();
        fx.Init(new RepositoryInitOptions
        {
            KeyType = Summon.Publishing.Keys.SigningKeyType.Ed25519,
            Thresholds = new Dictionary<string, int> { ["root"] = 2, ["targets"] = 2 },
            KeysPerRole = new Dictionary<string, int> { ["root"] = 3 },
        }).Dispose();

        var root = fx.ReadMetadata("root.json");
        Assert.Equal(3, root["signed"]!["roles"]!["root"]!["keyids"]!.AsArray().Count);
        Assert.Equal(2, root["signed"]!["roles"]!["root"]!["threshold"]!.GetValue<int>());
        Assert.Equal(2, root["signed"]!["roles"]!["targets"]!["keyids"]!.AsArray().Count);
        Assert.Equal(3, root["signatures"]!.AsArray().Count);
        Assert.Equal(2, fx.ReadMetadata("1.targets.json")["signatures"]!.AsArray().Count);
        await fx.Client().RefreshAsync(CancellationToken.None);
    }

    [Fact]
    public void Init_refuses_a_threshold_above_the_number_of_keys()
    {
        using var fx = new PublishingFixture();
        var error = Assert.Throws<PublishingException>(() => fx.Init(new RepositoryInitOptions
        {
            Thresholds = new Dictionary<string, int> { ["root"] = 3 },
            KeysPerRole = new Dictionary<string, int> { ["root"] = 2 },
        }));
        Assert.Contains("root", error.Message);
        Assert.False(Directory.Exists(fx.Repo));
        Assert.False(Directory.Exists(fx.Keys));
    }

    [Fact]
    public void Keys_inside_the_repository_are_refused()
    {
        using var fx = new PublishingFixture();
        var error = Assert.Throws<PublishingException>(() => RepositoryEditor.Init(fx.Repo, Path.Combine(fx.Repo, "keys")));
        Assert.Contains("inside the repository", error.Message);
        Assert.False(Directory.Exists(Path.Combine(fx.Repo, "keys")));
    }

    [Fact]
    public void Init_refuses_an_initialized_repository()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        var error = Assert.Throws<PublishingException>(() => fx.Init());
        Assert.Contains("already", error.Message);
    }

    [Fact]
    public void Open_explains_a_repository_that_is_not_initialized_or_a_missing_keys_folder()
    {
        using var fx = new PublishingFixture();
        var notInit = Assert.Throws<PublishingException>(() => fx.Open());
        Assert.Contains("summon repo init", notInit.Message);

        fx.Init().Dispose();
        var noKeys = Assert.Throws<PublishingException>(() => RepositoryEditor.Open(fx.Repo, fx.Combine("elsewhere")));
        Assert.Contains("does not exist", noKeys.Message);
    }

    [Fact]
    public async Task Publish_writes_every_file_manifest_index_and_assembly_map_as_hashed_targets()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        var source = fx.ModuleFolder();
        using (var editor = fx.Open())
        {
            var published = editor.Publish(source, "acme.extra", "1.2.3", new Dictionary<string, string> { ["acme.core"] = "[1.0,2.0)" });
            Assert.Equal(3, published.FileCount);
            Assert.Equal(["Summon.Publishing"], published.Assemblies);
        }

        var targets = fx.Signed($"{fx.CurrentVersion("targets")}.targets.json")["targets"]!.AsObject();
        string[] expectedPaths =
        [
            RepositoryLayout.File("acme.extra", "1.2.3", "Summon.Publishing.dll"),
            RepositoryLayout.File("acme.extra", "1.2.3", "readme.txt"),
            RepositoryLayout.File("acme.extra", "1.2.3", "data/table.csv"),
            RepositoryLayout.Manifest("acme.extra", "1.2.3"),
            RepositoryLayout.ModuleIndex("acme.extra"),
            RepositoryLayout.AssemblyProvider("Summon.Publishing"),
        ];
        Assert.Equal(expectedPaths.Order(), targets.Select(t => t.Key).Order());
        foreach (var (path, entry) in targets)
        {
            var sha = entry!["hashes"]!["sha256"]!.GetValue<string>();
            var slash = path.LastIndexOf('/');
            var stored = Path.Combine(fx.Repo, "targets", path[..(slash + 1)] + sha + "." + path[(slash + 1)..]);
            var bytes = File.ReadAllBytes(stored);
            Assert.Equal(entry["length"]!.GetValue<long>(), bytes.Length);
            Assert.Equal(sha, Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant());
        }

        var client = fx.Client();
        Assert.Equal("hello", Encoding.UTF8.GetString(await PublishingFixture.DownloadAsync(client, RepositoryLayout.File("acme.extra", "1.2.3", "readme.txt"))));
        var manifest = ModuleManifest.Parse(await PublishingFixture.DownloadAsync(client, RepositoryLayout.Manifest("acme.extra", "1.2.3")), "test");
        Assert.Equal(new ModuleAssembly("Summon.Publishing", "Summon.Publishing.dll"), Assert.Single(manifest.Assemblies));
        Assert.Equal(VersionRange.Parse("[1.0,2.0)"), manifest.Dependencies["acme.core"]);
        Assert.Equal(Path.GetFileName(typeof(RepositoryEditor).Assembly.Location), manifest.Files.Single(f => f.Path.EndsWith(".dll")).Path);
        var map = AssemblyProvider.Parse(await PublishingFixture.DownloadAsync(client, RepositoryLayout.AssemblyProvider("summon.publishing")), "test");
        Assert.Equal("acme.extra", map.ModuleId);
    }

    [Fact]
    public void Publishing_a_version_again_is_refused_and_changes_nothing()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        var source = fx.ModuleFolder();
        using var editor = fx.Open();
        editor.Publish(source, "acme.extra", "1.0.0");
        var timestamp = File.ReadAllBytes(Path.Combine(fx.Repo, "metadata", "timestamp.json"));

        var error = Assert.Throws<PublishingException>(() => editor.Publish(fx.ModuleFolder("other", "changed"), "acme.extra", "1.0.0"));

        Assert.Contains("already published", error.Message);
        Assert.Contains("1.0.1", error.Message);
        Assert.Equal(timestamp, File.ReadAllBytes(Path.Combine(fx.Repo, "metadata", "timestamp.json")));
    }

    [Theory]
    [InlineData("Acme.Extra", "1.0.0", "not a valid module id")]
    [InlineData("../evil", "1.0.0", "not a valid module id")]
    [InlineData("acme.extra", "1.0", "not a SemVer")]
    [InlineData("acme.extra", "latest", "not a SemVer")]
    public void Invalid_ids_and_versions_are_refused(string id, string version, string message)
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        using var editor = fx.Open();
        var error = Assert.Throws<PublishingException>(() => editor.Publish(fx.ModuleFolder(), id, version));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_second_module_cannot_claim_an_assembly_another_provides()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        using var editor = fx.Open();
        editor.Publish(fx.ModuleFolder(), "acme.extra", "1.0.0");
        var error = Assert.Throws<PublishingException>(() => editor.Publish(fx.ModuleFolder(), "acme.other", "1.0.0"));
        Assert.Contains("already provided by module acme.extra", error.Message);
    }

    [Fact]
    public async Task Revoke_marks_the_version_in_the_signed_index()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        using (var editor = fx.Open())
        {
            editor.Publish(fx.ModuleFolder(), "acme.extra", "1.0.0");
            editor.Publish(fx.ModuleFolder(), "acme.extra", "1.1.0");
            editor.Revoke("acme.extra", "1.0.0", "CVE-2026-0001: remote code execution");
            Assert.Throws<PublishingException>(() => editor.Revoke("acme.extra", "9.9.9", "x"));
        }

        var index = ModuleIndex.Parse(await PublishingFixture.DownloadAsync(fx.Client(), RepositoryLayout.ModuleIndex("acme.extra")), "test");
        Assert.Equal("CVE-2026-0001: remote code execution", index.Versions.Single(v => v.Version == NuGetVersion.Parse("1.0.0")).RevokedReason);
        Assert.False(index.Versions.Single(v => v.Version == NuGetVersion.Parse("1.1.0")).IsRevoked);
    }

    [Fact]
    public void Refresh_re_signs_only_what_is_about_to_expire()
    {
        using var fx = new PublishingFixture();
        var start = DateTimeOffset.UtcNow;
        fx.Init(clock: () => start).Dispose();
        int[] Versions() => [fx.CurrentVersion("targets"), fx.CurrentVersion("snapshot"), fx.CurrentVersion("timestamp"), fx.Version("root.json")];

        using (var editor = fx.Open(() => start + TimeSpan.FromHours(1)))
        {
            Assert.Empty(editor.Refresh());
        }
        Assert.Equal([1, 1, 1, 1], Versions());

        using (var editor = fx.Open(() => start + TimeSpan.FromHours(20)))
        {
            Assert.Equal(["timestamp"], editor.Refresh());
        }
        Assert.Equal([1, 1, 2, 1], Versions());

        using (var editor = fx.Open(() => start + TimeSpan.FromDays(5)))
        {
            Assert.Equal(["snapshot", "timestamp"], editor.Refresh());
        }
        Assert.Equal([1, 2, 3, 1], Versions());

        using (var editor = fx.Open(() => start + TimeSpan.FromDays(60)))
        {
            Assert.Equal(["targets", "snapshot", "timestamp"], editor.Refresh());
        }
        Assert.Equal([2, 3, 4, 1], Versions());

        using (var editor = fx.Open(() => start + TimeSpan.FromDays(300)))
        {
            Assert.Contains("root", editor.Refresh());
        }
        Assert.Equal(2, fx.Version("root.json"));
    }

    [Fact]
    public void A_missing_key_fails_the_operation_and_leaves_the_repository_untouched()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        foreach (var file in Directory.GetFiles(fx.Keys, "timestamp-*.json"))
        {
            File.Delete(file);
        }
        var before = Directory.GetFiles(Path.Combine(fx.Repo, "metadata")).Order().ToList();

        using var editor = fx.Open();
        var error = Assert.Throws<PublishingException>(() => editor.Publish(fx.ModuleFolder(), "acme.extra", "1.0.0"));

        Assert.Contains("'timestamp'", error.Message);
        Assert.Equal(before, Directory.GetFiles(Path.Combine(fx.Repo, "metadata")).Order().ToList());
    }

    [Fact]
    public void Add_and_remove_target()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        var file = fx.Combine("notes.txt");
        File.WriteAllText(file, "notes");
        using var editor = fx.Open();
        editor.AddTarget("docs/notes.txt", file);
        Assert.NotNull(fx.Signed("2.targets.json")["targets"]!["docs/notes.txt"]);
        Assert.True(editor.RemoveTarget("docs/notes.txt"));
        Assert.Null(fx.Signed("3.targets.json")["targets"]!["docs/notes.txt"]);
        Assert.False(editor.RemoveTarget("docs/notes.txt"));
        Assert.Throws<PublishingException>(() => editor.AddTarget("../x", file));
    }

    [Fact]
    public async Task A_second_editor_waits_for_the_first()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        using var first = fx.Open();
        var started = DateTime.UtcNow;
        var second = Task.Run(() => fx.Open());
        await Task.Delay(300);
        Assert.False(second.IsCompleted);
        first.Dispose();
        (await second).Dispose();
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_module_folder_with_no_files_is_refused()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        Directory.CreateDirectory(fx.Combine("empty"));
        using var editor = fx.Open();
        Assert.Contains("no files", Assert.Throws<PublishingException>(() => editor.Publish(fx.Combine("empty"), "acme.extra", "1.0.0")).Message);
        Assert.Contains("does not exist", Assert.Throws<PublishingException>(() => editor.Publish(fx.Combine("nowhere"), "acme.extra", "1.0.0")).Message);
    }

    internal static JsonObject TargetsOf(PublishingFixture fx, string role) =>
        fx.Signed($"{fx.CurrentVersion(role)}.{role}.json")["targets"]!.AsObject();
}
