using System.Text.Json.Nodes;
using Summon.Publishing;
using Summon.Transport;
using Summon.Trust;

namespace Summon.Tests.Publishing;

/// <summary>A repository and keys folder in a temp folder, and a client that trusts the repository's first root.</summary>
internal sealed class PublishingFixture : IDisposable
{
    private readonly TempDirectory temp = new("pub");

    public string Repo => temp.Combine("repo");

    public string Keys => temp.Combine("keys");

    public string ClientMetadata => temp.Combine("client");

    public string Combine(params string[] parts) => temp.Combine(parts);

    public RepositoryEditor Init(RepositoryInitOptions? options = null, Func<DateTimeOffset>? clock = null) =>
        RepositoryEditor.Init(Repo, Keys, options ?? new RepositoryInitOptions(), clock ?? (() => DateTimeOffset.UtcNow));

    public RepositoryEditor Open(Func<DateTimeOffset>? clock = null) => RepositoryEditor.Open(Repo, Keys, clock ?? (() => DateTimeOffset.UtcNow));

    /// <summary>A module folder with a managed assembly (this test assembly's dependency), a data file and a nested file.</summary>
    public string ModuleFolder(string name = "module", string content = "hello", bool withAssembly = true)
    {
        var folder = temp.Combine(name);
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        if (withAssembly)
        {
            File.Copy(typeof(RepositoryEditor).Assembly.Location, Path.Combine(folder, "Summon.Publishing.dll"), overwrite: true);
        }
        File.WriteAllText(Path.Combine(folder, "readme.txt"), content);
        File.WriteAllText(Path.Combine(folder, "data", "table.csv"), "a,b\n1,2\n");
        return folder;
    }

    /// <summary>Trusts root version 1, the way an application ships the repository's first root.</summary>
    public Updater Client(IFetcher? fetcher = null, Uri? metadataUrl = null, Uri? targetsUrl = null)
    {
        if (!File.Exists(Path.Combine(ClientMetadata, "root.json")))
        {
            Directory.CreateDirectory(ClientMetadata);
            File.Copy(Path.Combine(Repo, "metadata", "1.root.json"), Path.Combine(ClientMetadata, "root.json"));
        }
        return new Updater(ClientMetadata, metadataUrl ?? DirectoryFetcher.MetadataUrl, targetsUrl ?? DirectoryFetcher.TargetsUrl, fetcher ?? new DirectoryFetcher(Repo));
    }

    public static async Task<byte[]> DownloadAsync(Updater updater, string targetPath)
    {
        var target = await updater.GetTargetInfoAsync(targetPath, CancellationToken.None)
            ?? throw new InvalidOperationException($"{targetPath} is not a signed target");
        using var buffer = new MemoryStream();
        await updater.DownloadTargetAsync(target, buffer, CancellationToken.None);
        return buffer.ToArray();
    }

    public JsonObject ReadMetadata(string fileName) =>
        (JsonObject)JsonNode.Parse(File.ReadAllBytes(Path.Combine(Repo, "metadata", fileName)))!;

    public JsonObject Signed(string fileName) => (JsonObject)ReadMetadata(fileName)["signed"]!;

    public int Version(string fileName) => Signed(fileName)["version"]!.GetValue<int>();

    /// <summary>The version of a role snapshot currently lists.</summary>
    public int CurrentVersion(string role)
    {
        if (role == "timestamp")
        {
            return Version("timestamp.json");
        }
        var snapshot = Signed("timestamp.json")["meta"]!["snapshot.json"]!["version"]!.GetValue<int>();
        return role == "snapshot" ? snapshot : Signed($"{snapshot}.snapshot.json")["meta"]![$"{role}.json"]!["version"]!.GetValue<int>();
    }

    public void Dispose() => temp.Dispose();
}
