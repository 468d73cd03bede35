using System.Text.Json;
using QuickStart;

namespace Summon.Tests.CliOutput;

/// <summary>
/// <c>--json</c>: every listing command prints exactly one JSON document on stdout, with the documented camelCase
/// properties, and nothing for a person mixed in; failures keep their exit code and print an error document.
/// </summary>
public class JsonOutputTests : CliWorldTests
{
    /// <summary>The one document on stdout; fails when the command failed or printed anything else.</summary>
    internal static JsonElement Document(ProcessResult result, int exitCode = 0)
    {
        Assert.True(result.ExitCode == exitCode, $"exit {result.ExitCode}: {result.Output}");
        using var document = JsonDocument.Parse(result.StandardOutput);
        return document.RootElement.Clone();
    }

    private async Task PrefetchPdfAsync()
    {
        var prefetch = await World.RunAsync("prefetch", "acme.pdf", "--quiet");
        Assert.True(prefetch.ExitCode == 0, prefetch.Output);
    }

    [Fact]
    public async Task ListPrintsEachCachedModuleWithItsSizeAndFolder()
    {
        await PrefetchPdfAsync();

        var json = Document(await World.RunAsync("list", "--json"));

        Assert.Equal(World.Cache, json.GetProperty("cacheDirectory").GetString());
        var pdf = json.GetProperty("modules").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "acme.pdf");
        Assert.Equal("1.0.0", pdf.GetProperty("version").GetString());
        Assert.Equal(CliWorld.PdfFiles, pdf.GetProperty("fileCount").GetInt32());
        Assert.Equal(240_020, pdf.GetProperty("totalBytes").GetInt64());
        Assert.True(Directory.Exists(pdf.GetProperty("directory").GetString()));
        Assert.Contains(json.GetProperty("modules").EnumerateArray(), m => m.GetProperty("id").GetString() == "acme.fonts");
    }

    [Fact]
    public async Task ListOfAnEmptyCacheIsAnEmptyArray()
    {
        var json = Document(await World.RunAsync("list", "--json"));

        Assert.Equal(0, json.GetProperty("modules").GetArrayLength());
    }

    [Fact]
    public async Task CacheDirPrintsTheFolder()
    {
        var json = Document(await World.RunAsync("cache", "dir", "--json"));

        Assert.Equal(World.Cache, json.GetProperty("cacheDirectory").GetString());
    }

    [Fact]
    public async Task PrefetchPrintsTheInstalledModuleAndNoProgress()
    {
        var result = await World.RunAsync("prefetch", "acme.pdf", "--json");

        var module = Document(result).GetProperty("module");
        Assert.Equal("acme.pdf", module.GetProperty("id").GetString());
        Assert.Equal("1.0.0", module.GetProperty("version").GetString());
        Assert.Equal(CliWorld.PdfFiles, module.GetProperty("fileCount").GetInt32());
        Assert.DoesNotContain("fetched", result.StandardError);
        Assert.DoesNotContain('\r', result.StandardError);
    }

    [Fact]
    public async Task UpdateSaysWhichModulesMovedAndFromWhere()
    {
        await PrefetchPdfAsync();
        World.PublishPdf2();

        var modules = Document(await World.RunAsync("update", "--json")).GetProperty("modules").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!);

        Assert.Equal("2.0.0", modules["acme.pdf"].GetProperty("version").GetString());
        Assert.True(modules["acme.pdf"].GetProperty("updated").GetBoolean());
        Assert.Equal(["1.0.0"], modules["acme.pdf"].GetProperty("previousVersions").EnumerateArray().Select(v => v.GetString()));
        Assert.False(modules["acme.fonts"].GetProperty("updated").GetBoolean());
    }

    [Fact]
    public async Task LockPrintsTheLockFileAndEachModulesVersionHashAndChain()
    {
        await PrefetchPdfAsync();

        var json = Document(await World.RunAsync("lock", "--json"));

        Assert.Equal(Path.Combine(World.App, "summon.lock.json"), json.GetProperty("lockFile").GetString());
        var fonts = json.GetProperty("modules").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "acme.fonts");
        Assert.Equal("1.0.0", fonts.GetProperty("version").GetString());
        Assert.Matches("^[0-9a-f]{64}$", fonts.GetProperty("manifestSha256").GetString());
        Assert.Equal(2, fonts.GetProperty("why").GetArrayLength());
    }

    [Fact]
    public async Task WhyPrintsTheChainOfRequirements()
    {
        await PrefetchPdfAsync();

        var json = Document(await World.RunAsync("why", "acme.fonts", "--json"));

        Assert.Equal("acme.fonts", json.GetProperty("id").GetString());
        var chain = json.GetProperty("chain").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.Equal(2, chain.Count);
        Assert.Contains("acme.pdf", chain[0]);
    }

    [Fact]
    public async Task CacheVerifyListsDamagedVersionsAndStillExitsOne()
    {
        await PrefetchPdfAsync();
        var pdf = Document(await World.RunAsync("list", "--json")).GetProperty("modules").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "acme.pdf");
        File.WriteAllText(Path.Combine(pdf.GetProperty("directory").GetString()!, "about.txt"), "tampered with");

        var json = Document(await World.RunAsync("cache", "verify", "--json"), exitCode: 1);

        Assert.Equal(2, json.GetProperty("checked").GetInt32());
        var damaged = Assert.Single(json.GetProperty("damaged").EnumerateArray());
        Assert.Equal("acme.pdf", damaged.GetProperty("id").GetString());
        Assert.Equal("1.0.0", damaged.GetProperty("version").GetString());
        Assert.False(string.IsNullOrEmpty(damaged.GetProperty("problem").GetString()));
        Assert.True(damaged.GetProperty("removed").GetBoolean());
        Assert.Equal(0, json.GetProperty("leftoversRemoved").GetInt32());
    }

    [Fact]
    public async Task CachePruneListsWhatItRemovedAndHowMuch()
    {
        await PrefetchPdfAsync();

        var json = Document(await World.RunAsync("cache", "prune", "--older-than", "0m", "--json"));

        var removed = json.GetProperty("removed").EnumerateArray().ToList();
        Assert.Equal(["acme.fonts", "acme.pdf"], removed.Select(r => r.GetProperty("id").GetString()).Order());
        Assert.Equal(removed.Sum(r => r.GetProperty("bytes").GetInt64()), json.GetProperty("removedBytes").GetInt64());
        Assert.Equal(0, json.GetProperty("kept").GetInt32());
    }

    [Fact]
    public async Task CacheClearSaysHowManyVersionsItRemoved()
    {
        await PrefetchPdfAsync();

        var json = Document(await World.RunAsync("cache", "clear", "--json"));

        Assert.Equal(2, json.GetProperty("removedVersions").GetInt32());
    }

    [Fact]
    public async Task PublishPrintsTheNewVersion()
    {
        var source = Path.Combine(World.App, "new-module");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "readme.txt"), "hello");

        var json = Document(await Tool.RunAsync(["publish", source, "--id", "acme.new", "--version", "0.1.0", "--repo", World.Repository, "--keys", World.Keys, "--json"]));

        Assert.Equal("acme.new", json.GetProperty("id").GetString());
        Assert.Equal("0.1.0", json.GetProperty("version").GetString());
        Assert.Equal(1, json.GetProperty("fileCount").GetInt32());
        Assert.Equal(5, json.GetProperty("totalBytes").GetInt64());
        Assert.Equal(0, json.GetProperty("assemblies").GetArrayLength());
    }

    [Fact]
    public async Task RepoRefreshListsTheRolesItResigned()
    {
        var json = Document(await Tool.RunAsync(["repo", "refresh", "--within", "10000d", "--repo", World.Repository, "--keys", World.Keys, "--json"]));

        Assert.Contains("timestamp", json.GetProperty("resigned").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task RepoDelegateBinsListsTheBins()
    {
        var json = Document(await Tool.RunAsync(["repo", "delegate-bins", "4", "--repo", World.Repository, "--keys", World.Keys, "--json"]));

        Assert.Equal(4, json.GetProperty("bins").GetArrayLength());
    }
}
