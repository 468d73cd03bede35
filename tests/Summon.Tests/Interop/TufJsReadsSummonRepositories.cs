using System.Security.Cryptography;
using System.Text.Json;
using Summon.Modules;
using Summon.Publishing;
using Summon.Publishing.Keys;
using Summon.Server;

namespace Summon.Tests.Interop;

/// <summary>
/// tuf-js's <c>Updater</c>, trusting only a repository's first root, refreshes its metadata and downloads a
/// module file from a repository written by Summon's publishing tools and served by <see cref="SummonRepositoryServer"/>
/// on 127.0.0.1. If our metadata, signatures or layout strayed from the specification, an independent client would refuse them.
/// </summary>
public sealed class TufJsReadsSummonRepositories : IDisposable
{
    private readonly TempDirectory temp = new("tufjs-");

    private string Repository => temp.Combine("repo");

    private string Keys => temp.Combine("keys");

    [Theory]
    [InlineData(SigningKeyType.Ecdsa)]
    [InlineData(SigningKeyType.Ed25519)]
    [InlineData(SigningKeyType.Rsa)]
    public async Task TufJs_downloads_and_verifies_a_module_file_signed_with_keys_of_each_type(SigningKeyType keyType)
    {
        using (var editor = RepositoryEditor.Init(Repository, Keys, new RepositoryInitOptions { KeyType = keyType }))
        {
            editor.Publish(ModuleFolder("one", "hello from 1.0.0"), "acme.extra", "1.0.0");
        }

        await AssertTufJsDownloadsAsync(RepositoryLayout.File("acme.extra", "1.0.0", "greeting.txt"), "hello from 1.0.0");
    }

    [Fact]
    public async Task TufJs_trusting_the_first_root_downloads_a_module_file_after_every_top_level_key_is_rotated()
    {
        using (var editor = RepositoryEditor.Init(Repository, Keys))
        {
            editor.Publish(ModuleFolder("one", "hello from 1.0.0"), "acme.extra", "1.0.0");
            foreach (var role in new[] { "root", "targets", "snapshot", "timestamp" })
            {
                editor.RotateKeys(role);
            }
            editor.Publish(ModuleFolder("two", "hello from 2.0.0"), "acme.extra", "2.0.0");
            // Four new roots for tuf-js to walk, each signed by the keys of the one before it.
            Assert.Equal(5, editor.RootVersion);
        }

        await AssertTufJsDownloadsAsync(RepositoryLayout.File("acme.extra", "2.0.0", "greeting.txt"), "hello from 2.0.0");
    }

    [Fact]
    public async Task TufJs_downloads_a_module_file_signed_by_a_delegated_role()
    {
        using (var editor = RepositoryEditor.Init(Repository, Keys))
        {
            editor.Delegate("acme", ["modules/acme.pdf/*", "modules/acme.pdf/*/*", "modules/acme.pdf/*/files/*"]);
            editor.Publish(ModuleFolder("pdf", "hello from acme.pdf"), "acme.pdf", "1.0.0");
        }
        // The file must be signed by the delegated role alone, or this would not test delegation at all.
        var targets = File.ReadAllText(Directory.GetFiles(Path.Combine(Repository, "metadata"), "*.targets.json").Order().Last());
        Assert.DoesNotContain("modules/acme.pdf/1.0.0/files/greeting.txt", targets);

        await AssertTufJsDownloadsAsync(RepositoryLayout.File("acme.pdf", "1.0.0", "greeting.txt"), "hello from acme.pdf");
    }

    [Fact]
    public async Task TufJs_downloads_a_module_file_from_succinct_hashed_bins_after_their_key_is_rotated()
    {
        using (var editor = RepositoryEditor.Init(Repository, Keys))
        {
            editor.DelegateHashBins(256);
            editor.Publish(ModuleFolder("one", "hello from a bin"), "acme.extra", "1.0.0");
            editor.RotateKeys("bins-00");
        }
        // tuf-js must name the bin from the succinct delegation alone: the targets file lists no bin.
        var targets = File.ReadAllText(Directory.GetFiles(Path.Combine(Repository, "metadata"), "*.targets.json").Order().Last());
        Assert.Contains("succinct_roles", targets);
        Assert.DoesNotContain("bins-00", targets);

        await AssertTufJsDownloadsAsync(RepositoryLayout.File("acme.extra", "1.0.0", "greeting.txt"), "hello from a bin");
    }

    private async Task AssertTufJsDownloadsAsync(string targetPath, string expected)
    {
        await using var server = await SummonRepositoryServer.StartAsync(Repository);

        var output = await TufJs.RunToSuccessAsync("download.mjs",
            new Uri(server.Url, "metadata/").ToString(), new Uri(server.Url, "targets/").ToString(),
            Path.Combine(Repository, "metadata", "1.root.json"), temp.Combine("tufjs-client"), targetPath);

        using var result = JsonDocument.Parse(output);
        Assert.Equal(targetPath, result.RootElement.GetProperty("path").GetString());
        Assert.Equal(expected, File.ReadAllText(result.RootElement.GetProperty("file").GetString()!));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(expected))), result.RootElement.GetProperty("sha256").GetString());
    }

    private string ModuleFolder(string name, string greeting)
    {
        var folder = temp.Combine("module-" + name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "greeting.txt"), greeting);
        return folder;
    }

    public void Dispose() => temp.Dispose();
}
