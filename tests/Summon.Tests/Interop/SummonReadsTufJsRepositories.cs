using System.Text.Json.Nodes;
using Summon.Publishing;
using Summon.Server;

namespace Summon.Tests.Interop;

/// <summary>
/// A real <see cref="Summoner"/> imports a module from a repository whose metadata @tufjs/models wrote and
/// signed with keys node's crypto made, served as static files on 127.0.0.1. Only the module's content (its
/// index, manifest and files, which are Summon's own formats) comes from Summon's tools; every byte of TUF
/// metadata, and every signature, is tuf-js's.
/// </summary>
public sealed class SummonReadsTufJsRepositories : IDisposable
{
    private readonly TempDirectory temp = new("tufjs-repo-");

    [Theory]
    [InlineData("ed25519")]
    [InlineData("ecdsa")]
    public async Task Summoner_imports_a_module_from_a_repository_signed_by_tufjs(string keyType)
    {
        var repository = await WriteWithTufJsAsync(keyType);
        var root = JsonNode.Parse(File.ReadAllBytes(Path.Combine(repository, "metadata", "1.root.json")))!;
        Assert.All(root["signed"]!["keys"]!.AsObject(), key => Assert.Equal(keyType, key.Value!["keytype"]!.GetValue<string>()));
        await using var server = await SummonRepositoryServer.StartAsync(repository);
        using var summoner = new Summoner(new SummonOptions
        {
            Repository = server.Url,
            TrustedRootPath = Path.Combine(repository, "metadata", "1.root.json"),
            CacheDirectory = temp.Combine("cache"),
            ImportTimeout = TimeSpan.FromSeconds(60),
        });

        var module = await summoner.ImportAsync("acme.extra@[1.0,2.0)");

        Assert.Equal("1.0.0", module.Version);
        Assert.Equal("hello from tuf-js", File.ReadAllText(module.GetFilePath("greeting.txt")));
    }

    /// <summary>
    /// Publishes the module with Summon's tools into a scratch repository only to get its content targets, then
    /// has @tufjs/models sign those targets into a new repository with keys of its own.
    /// </summary>
    private async Task<string> WriteWithTufJsAsync(string keyType)
    {
        var scratch = temp.Combine("scratch");
        var module = temp.Combine("module");
        Directory.CreateDirectory(module);
        File.WriteAllText(Path.Combine(module, "greeting.txt"), "hello from tuf-js");
        using (var editor = RepositoryEditor.Init(scratch, temp.Combine("scratch-keys")))
        {
            editor.Publish(module, "acme.extra", "1.0.0");
        }
        var targets = (JsonObject)JsonNode.Parse(File.ReadAllBytes(Directory.GetFiles(Path.Combine(scratch, "metadata"), "*.targets.json").Order().Last()))!["signed"]!["targets"]!;
        var list = new JsonArray();
        foreach (var (path, info) in targets)
        {
            var sha256 = info!["hashes"]!["sha256"]!.GetValue<string>();
            var directory = Path.GetDirectoryName(path)!;
            list.Add(new JsonObject { ["path"] = path, ["file"] = Path.Combine(scratch, "targets", directory, $"{sha256}.{Path.GetFileName(path)}") });
        }
        Assert.Contains(list, t => t!["path"]!.GetValue<string>() == "modules/acme.extra/1.0.0/files/greeting.txt");
        var listFile = temp.Combine("targets.json");
        File.WriteAllText(listFile, list.ToJsonString());
        var repository = temp.Combine("repo-" + keyType);

        await TufJs.RunToSuccessAsync("write-repository.mjs", keyType, repository, listFile);

        return repository;
    }

    public void Dispose() => temp.Dispose();
}
