using System.Text.Json.Nodes;
using Summon.Publishing;
using Summon.Publishing.Keys;
using Summon.Publishing.Metadata;
using Summon.Server;

namespace Summon.Tests.Attacks;

/// <summary>
/// One attack's world: a repository written by the publishing tools with module <see cref="ModuleId"/> 1.0.0,
/// served by <see cref="SummonRepositoryServer"/> on 127.0.0.1, a <see cref="ManInTheMiddle"/> in front of it,
/// and a cache used by real <see cref="Summoner"/>s that know only the man in the middle's address and the
/// repository's first root. The module carries a data file whose text names its version, so "still loads"
/// is checked by reading what was installed, not by trusting a status.
/// </summary>
public sealed class AttackWorld : IAsyncDisposable
{
    public const string ModuleId = "acme.extra";
    public const string GreetingFile = "greeting.txt";

    private readonly TempDirectory temp = new("attack-");
    private SummonRepositoryServer? server;

    private AttackWorld()
    {
    }

    public string Repository => temp.Combine("repo");

    public string Keys => temp.Combine("keys");

    public string Cache => temp.Combine("cache");

    public string TrustedRoot => temp.Combine("app", "root.json");

    public ManInTheMiddle Proxy { get; private set; } = null!;

    public Uri ServerUrl => server!.Url;

    /// <summary>
    /// Two timestamp keys with a threshold of two, so that one stolen key is a compromise below threshold;
    /// every other role has one key, as <c>summon repo init</c> makes by default.
    /// </summary>
    public static RepositoryInitOptions DefaultOptions { get; } = new()
    {
        Thresholds = new Dictionary<string, int> { ["timestamp"] = 2 },
        KeysPerRole = new Dictionary<string, int> { ["timestamp"] = 2 },
    };

    public static async Task<AttackWorld> CreateAsync(RepositoryInitOptions? options = null)
    {
        var world = new AttackWorld();
        using (var editor = RepositoryEditor.Init(world.Repository, world.Keys, options ?? DefaultOptions))
        {
            editor.Publish(world.ModuleFolder("1.0.0"), ModuleId, "1.0.0");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(world.TrustedRoot)!);
        File.Copy(world.MetadataPath("1.root.json"), world.TrustedRoot);
        world.server = await SummonRepositoryServer.StartAsync(world.Repository);
        world.Proxy = await ManInTheMiddle.StartAsync(world.server.Url);
        return world;
    }

    /// <summary>The text of the module's data file in <paramref name="version"/>; every version's text has the same length.</summary>
    public static string Greeting(string version) => $"hello from {version}";

    /// <summary>A fresh client, as a new run of the application would make: it refreshes metadata on its first miss.</summary>
    public Summoner Client() => new(new SummonOptions
    {
        Repository = Proxy.Url,
        TrustedRootPath = TrustedRoot,
        CacheDirectory = Cache,
        ImportTimeout = TimeSpan.FromSeconds(60),
    });

    public async Task InstallVersion1Async()
    {
        using var client = Client();
        var module = await client.ImportAsync($"{ModuleId}@[1.0.0]");
        Assert.Equal(Greeting("1.0.0"), await File.ReadAllTextAsync(module.GetFilePath(GreetingFile)));
    }

    public void PublishVersion2()
    {
        using var editor = RepositoryEditor.Open(Repository, Keys);
        editor.Publish(ModuleFolder("2.0.0"), ModuleId, "2.0.0");
    }

    /// <summary>Publishes a module whose data file says its version, as <see cref="ModuleId"/>'s does.</summary>
    public void PublishModule(string moduleId, string version)
    {
        using var editor = RepositoryEditor.Open(Repository, Keys);
        editor.Publish(ModuleFolder(version), moduleId, version);
    }

    /// <summary>Moves the repository on (new timestamp, snapshot and targets) without touching <see cref="ModuleId"/>.</summary>
    public void PublishUnrelatedModule()
    {
        using var editor = RepositoryEditor.Open(Repository, Keys);
        editor.Publish(ModuleFolder("unrelated"), "unrelated", "1.0.0");
    }

    /// <summary>The attacked step: a new run asks the repository for the newest version of the cached module.</summary>
    public async Task<TException> UpdateIsRefusedAsync<TException>() where TException : Exception
    {
        using var client = Client();
        return await Assert.ThrowsAsync<TException>(() => client.UpdateAsync(ModuleId));
    }

    /// <summary>
    /// The module installed before the attack still imports, from the cache, with its own content, and the
    /// attack installed nothing beside it (no version 2 with the attacker's bytes, no extra dependency).
    /// </summary>
    public async Task AssertVersion1StillLoadsAsync()
    {
        using var client = Client();
        var module = await client.ImportAsync($"{ModuleId}@[1.0,2.0)");
        Assert.Equal("1.0.0", module.Version);
        Assert.Equal(Greeting("1.0.0"), await File.ReadAllTextAsync(module.GetFilePath(GreetingFile)));
        Assert.Equal([$"{ModuleId} 1.0.0"], client.ListCached().Select(m => $"{m.Id} {m.Version}"));
    }

    /// <summary>The trusted metadata the cache holds for this repository: file name to bytes.</summary>
    public IReadOnlyDictionary<string, byte[]> CachedMetadata()
    {
        var repositories = Path.Combine(Cache, "v1", "repositories");
        var directory = Assert.Single(Directory.GetDirectories(repositories));
        return Directory.GetFiles(Path.Combine(directory, "metadata"), "*.json")
            .ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes, StringComparer.Ordinal);
    }

    /// <summary>For attacks on the metadata itself: not one byte of what the client trusted may change.</summary>
    public void AssertCachedMetadataUnchanged(IReadOnlyDictionary<string, byte[]> before)
    {
        var after = CachedMetadata();
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (name, bytes) in before)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(after[name]), $"the cached {name} changed");
        }
    }

    /// <summary>
    /// For attacks on what the metadata describes (a module's files, its manifest) or on one role below
    /// genuine new ones: the client may legitimately move to the repository's newer metadata on the way, so
    /// what must hold is that every file it trusts is byte for byte one the repository signed, and that
    /// the roles named in <paramref name="unchanged"/> did not move at all.
    /// </summary>
    public void AssertCachedMetadataIsGenuine(IReadOnlyDictionary<string, byte[]> before, params string[] unchanged)
    {
        var genuine = Directory.GetFiles(Path.Combine(Repository, "metadata"), "*.json").Select(File.ReadAllBytes).ToList();
        var after = CachedMetadata();
        foreach (var (name, bytes) in after)
        {
            Assert.True(genuine.Any(g => g.AsSpan().SequenceEqual(bytes)), $"the cached {name} is not a file the repository signed");
        }
        foreach (var name in unchanged)
        {
            Assert.True(before[name].AsSpan().SequenceEqual(after[name]), $"the cached {name} changed");
        }
    }

    public string MetadataPath(string fileName) => Path.Combine(Repository, "metadata", fileName);

    public byte[] Genuine(string fileName) => File.ReadAllBytes(MetadataPath(fileName));

    /// <summary>The version of <paramref name="role"/> the repository currently publishes, read from its own files.</summary>
    public int CurrentVersion(string role)
    {
        var timestamp = Signed(Genuine("timestamp.json"));
        if (role == "timestamp")
        {
            return timestamp["version"]!.GetValue<int>();
        }
        var snapshot = timestamp["meta"]!["snapshot.json"]!["version"]!.GetValue<int>();
        return role == "snapshot" ? snapshot : Signed(Genuine($"{snapshot}.snapshot.json"))["meta"]![$"{role}.json"]!["version"]!.GetValue<int>();
    }

    /// <summary>The repository's private keys for <paramref name="role"/>, as a thief who took them from the keys folder would hold them.</summary>
    public IReadOnlyList<SigningKey> KeysOf(string role) =>
        Directory.GetFiles(Keys, $"{role}-*.json").Order(StringComparer.Ordinal).Select(SigningKey.Load).ToList();

    /// <summary>
    /// The metadata <paramref name="metadata"/> changed by <paramref name="change"/> and signed afresh by
    /// <paramref name="signers"/> only (none: the old signatures are kept, and no longer match).
    /// </summary>
    public static byte[] Forge(byte[] metadata, Action<JsonObject> change, params SigningKey[] signers)
    {
        var document = MetadataDocument.Parse(metadata, "the attacker's copy");
        change(document.Signed);
        if (signers.Length > 0)
        {
            document.ClearSignatures();
            foreach (var key in signers)
            {
                document.Sign(key);
            }
        }
        return document.ToBytes();
    }

    public static JsonObject Signed(byte[] metadata) => (JsonObject)JsonNode.Parse(metadata)!["signed"]!;

    /// <summary>The path part of a target's URL, as the client asks for it: <c>/targets/&lt;dir&gt;/&lt;sha256&gt;.&lt;name&gt;</c>.</summary>
    public static bool IsModuleFile(string requestPath, string version, string fileName) =>
        requestPath.StartsWith($"/targets/modules/{ModuleId}/{version}/files/", StringComparison.Ordinal) && requestPath.EndsWith($".{fileName}", StringComparison.Ordinal);

    public static bool IsManifest(string requestPath, string version) =>
        requestPath.StartsWith($"/targets/modules/{ModuleId}/{version}/", StringComparison.Ordinal) && requestPath.EndsWith(".module.json", StringComparison.Ordinal);

    /// <summary>The stored bytes of a module file as the repository serves them.</summary>
    public byte[] StoredModuleFile(string version, string fileName) =>
        File.ReadAllBytes(Directory.GetFiles(Path.Combine(Repository, "targets", "modules", ModuleId, version, "files"), $"*.{fileName}").Single());

    private string ModuleFolder(string version)
    {
        var folder = temp.Combine("module-" + version);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, GreetingFile), Greeting(version));
        return folder;
    }

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
        temp.Dispose();
    }
}

/// <summary>
/// A mirror that serves a repository of its own making: the same module, a newer version, even a root
/// rotation, all signed with keys that are the mirror's and nobody else's.
/// </summary>
public sealed class EvilMirror : IAsyncDisposable
{
    private readonly TempDirectory temp = new("evil-");
    private SummonRepositoryServer? server;

    public Uri Url => server!.Url;

    public static async Task<EvilMirror> CreateAsync()
    {
        var mirror = new EvilMirror();
        var folder = mirror.temp.Combine("module");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, AttackWorld.GreetingFile), AttackWorld.Greeting("6.6.6"));
        using (var editor = RepositoryEditor.Init(mirror.temp.Combine("repo"), mirror.temp.Combine("keys")))
        {
            editor.Publish(folder, AttackWorld.ModuleId, "6.6.6");
            editor.RotateKeys("root");
        }
        mirror.server = await SummonRepositoryServer.StartAsync(mirror.temp.Combine("repo"));
        return mirror;
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
        temp.Dispose();
    }
}
