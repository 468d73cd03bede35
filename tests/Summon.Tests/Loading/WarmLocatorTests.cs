using Summon.Cache;
using Summon.Loading;

namespace Summon.Tests.Loading;

/// <summary>The resolve hook's warm path answers only what the Summoner would answer, and leaves the rest to it.</summary>
public class WarmLocatorTests
{
    private static void Install(string cache, string id, string version, string assembly = "Acme.A")
    {
        using var staging = new ModuleStore(cache).BeginInstall(id, version);
        using (var file = staging.CreateFile($"{assembly}.dll"))
        {
            file.Write(System.Text.Encoding.UTF8.GetBytes(version));
        }
        staging.Publish("http://127.0.0.1/", new Dictionary<string, string> { [assembly] = $"{assembly}.dll" }, new Dictionary<string, string> { [$"{assembly}.dll"] = "00" }, [], new Dictionary<string, string>());
    }

    private static WarmLocator Locator(string cache, Action<SummonOptions>? configure = null)
    {
        var options = new SummonOptions { CacheDirectory = cache, Freshness = FreshnessPolicy.Never };
        configure?.Invoke(options);
        return new WarmLocator(HookSettings.From(options));
    }

    private static string? Found(WarmLocator locator, string assembly) =>
        locator.Locate(assembly, out var path) == WarmAnswer.Found ? path : null;

    [Fact]
    public void FindsTheNewestCachedVersionThroughTheAssemblyIndex()
    {
        using var temp = new TempDirectory();
        Install(temp.Path, "acme.a", "1.0.0");
        Install(temp.Path, "acme.a", "1.2.0");

        Assert.EndsWith(Path.Combine("acme.a", "1.2.0", "Acme.A.dll"), Found(Locator(temp.Path), "Acme.A"));
    }

    [Fact]
    public void FollowsTheRangeOfTheModuleMap()
    {
        using var temp = new TempDirectory();
        Install(temp.Path, "acme.a", "1.0.0");
        Install(temp.Path, "acme.a", "2.0.0");

        var path = Found(Locator(temp.Path, o => o.AssemblyModules["Acme.A"] = "acme.a@[1.0,2.0)"), "acme.a");

        Assert.EndsWith(Path.Combine("acme.a", "1.0.0", "Acme.A.dll"), path);
    }

    [Theory]
    [InlineData("acme.a", "2.0.0")]
    [InlineData("acme.a@[1.0,2.0)", "1.0.0")]
    [InlineData("acme.a@1.5", "2.0.0")]
    public void AnApiRequestFindsTheVersionNuGetsRangeWouldChoose(string request, string expected)
    {
        using var temp = new TempDirectory();
        Install(temp.Path, "acme.a", "1.0.0");
        Install(temp.Path, "acme.a", "2.0.0");

        Assert.Equal(expected, Locator(temp.Path).FindModule(request)?.Version);
    }

    [Theory]
    [InlineData("acme.a@[1.0-beta,2.0)")]
    [InlineData("acme.a@1.*")]
    [InlineData("Not A Module")]
    public void AnApiRequestItCannotReadExactlyIsLeftToTheSummoner(string request)
    {
        using var temp = new TempDirectory();
        Install(temp.Path, "acme.a", "1.0.0");

        Assert.Null(Locator(temp.Path).FindModule(request));
    }

    [Fact]
    public void ADependencyTheModuleMapDoesNotNameIsFoundThroughTheAssemblyIndex()
    {
        using var temp = new TempDirectory();
        Install(temp.Path, "acme.a", "1.0.0");
        Install(temp.Path, "acme.fonts", "3.1.0", assembly: "Acme.Fonts");

        var path = Found(Locator(temp.Path, o => o.AssemblyModules["Acme.A"] = "acme.a"), "Acme.Fonts");

        Assert.EndsWith(Path.Combine("acme.fonts", "3.1.0", "Acme.Fonts.dll"), path);
    }

    [Fact]
    public void TheSummonerFindsADependencyTheModuleMapDoesNotNameThroughTheAssemblyIndex()
    {
        using var temp = new TempDirectory();
        Install(temp.Path, "acme.a", "1.0.0");
        Install(temp.Path, "acme.fonts", "3.1.0", assembly: "Acme.Fonts");
        var options = new SummonOptions { CacheDirectory = temp.Path, Freshness = FreshnessPolicy.Never };
        options.AssemblyModules["Acme.A"] = "acme.a";
        using var summoner = new Summoner(options);

        var path = summoner.LocateAssembly("Acme.Fonts");

        Assert.EndsWith(Path.Combine("acme.fonts", "3.1.0", "Acme.Fonts.dll"), path);
    }

    [Fact]
    public void AnAssemblyTheModuleMapDoesNotNameIsNotProvided()
    {
        using var temp = new TempDirectory();
        Install(temp.Path, "acme.a", "1.0.0");

        var answer = Locator(temp.Path, o => o.AssemblyModules["Acme.A"] = "acme.a").Locate("Other.Assembly", out _);

        Assert.Equal(WarmAnswer.NotProvided, answer);
    }

    [Fact]
    public void FollowsTheLockFile()
    {
        using var temp = new TempDirectory();
        Install(temp.Path, "acme.a", "1.0.0");
        Install(temp.Path, "acme.a", "1.2.0");
        var lockPath = Path.Combine(temp.Path, "summon.lock.json");
        File.WriteAllText(lockPath, """{ "lockVersion": 1, "modules": { "acme.a": { "version": "1.0.0", "manifest": "ab", "why": ["the application requires acme.a"] } } }""");

        var path = Found(Locator(temp.Path, o => o.LockFilePath = lockPath), "Acme.A");

        Assert.EndsWith(Path.Combine("acme.a", "1.0.0", "Acme.A.dll"), path);
    }

    [Fact]
    public void ALockFileItCannotReadIsLeftToTheSummoner()
    {
        using var temp = new TempDirectory();
        Install(temp.Path, "acme.a", "1.0.0");
        var lockPath = Path.Combine(temp.Path, "summon.lock.json");
        File.WriteAllText(lockPath, """{ "lockVersion": 2, "modules": {} }""");

        Assert.Equal(WarmAnswer.AskSummoner, Locator(temp.Path, o => o.LockFilePath = lockPath).Locate("Acme.A", out _));
    }

    [Fact]
    public void ARevokedVersionIsLeftToTheSummoner()
    {
        using var temp = new TempDirectory();
        Install(temp.Path, "acme.a", "1.0.0");
        new ModuleStore(temp.Path).MarkRevoked("acme.a", "1.0.0", "broken");

        Assert.Equal(WarmAnswer.AskSummoner, Locator(temp.Path).Locate("Acme.A", out _));
    }

    [Fact]
    public void ADamagedInstallIsLeftToTheSummoner()
    {
        using var temp = new TempDirectory();
        Install(temp.Path, "acme.a", "1.0.0");
        File.AppendAllText(Path.Combine(temp.Path, "v1", "modules", "acme.a", "1.0.0", "Acme.A.dll"), "tampered");

        Assert.Equal(WarmAnswer.AskSummoner, Locator(temp.Path).Locate("Acme.A", out _));
    }

    [Fact]
    public void APrereleaseOrFloatingRangeIsLeftToTheSummoner()
    {
        using var temp = new TempDirectory();
        Install(temp.Path, "acme.a", "1.0.0");

        Assert.Equal(WarmAnswer.AskSummoner, Locator(temp.Path, o => o.AssemblyModules["Acme.A"] = "acme.a@1.*").Locate("Acme.A", out _));
    }

    [Fact]
    public void TheSharedLayerIsLookedInFirst()
    {
        using var user = new TempDirectory();
        using var shared = new TempDirectory();
        Install(user.Path, "acme.a", "1.0.0");
        Install(shared.Path, "acme.a", "1.0.0");

        var path = Found(Locator(user.Path, o => o.SharedCacheDirectory = shared.Path), "Acme.A");

        Assert.StartsWith(shared.Path, path);
    }

    [Fact]
    public void FreshnessAlwaysIsLeftToTheSummoner()
    {
        using var temp = new TempDirectory();
        Install(temp.Path, "acme.a", "1.0.0");

        Assert.Equal(WarmAnswer.AskSummoner, Locator(temp.Path, o => o.Freshness = FreshnessPolicy.Always).Locate("Acme.A", out _));
    }

    [Fact]
    public void SettingsReadWithoutSystemTextJsonMatchTheFullOptions()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(Path.Combine(temp.Path, SummonOptions.ConfigFileName), """
            { "repository": "http://127.0.0.1:9/", "trustedRoot": "root.json", "cacheDirectory": "/tmp/x",
              // comments are allowed
              "freshness": "Never", "freshnessIntervalHours": 2, "modules": { "Acme.A": "acme.a@[1.0,2.0)" }, }
            """);

        var full = SummonOptions.Load(temp.Path);
        var warm = HookSettings.Load(temp.Path);

        Assert.NotNull(warm);
        Assert.Equal(full.Freshness, warm.Freshness);
        Assert.Equal(full.FreshnessInterval, warm.FreshnessInterval);
        Assert.Equal(full.AssemblyModules["Acme.A"], warm.AssemblyModules["Acme.A"]);
        Assert.Equal(full.LockFilePath, warm.LockFilePath);
        Assert.Equal(Environment.GetEnvironmentVariable("SUMMON_CACHE_DIR") is { Length: > 0 } v ? v : "/tmp/x", warm.CacheDirectory);
        Assert.True(warm.CanCheckFreshness || Environment.GetEnvironmentVariable("SUMMON_OFFLINE") is { Length: > 0 });
    }

    [Theory]
    [InlineData("""{ "freshness": "sometimes" }""")]
    [InlineData("""{ "modules": { "Acme.A": 3 } }""")]
    [InlineData("""{ "offline": "yes" }""")]
    [InlineData("""{ "repository": """)]
    public void ASettingsFileTheFullReaderWouldRejectIsLeftToIt(string json)
    {
        using var temp = new TempDirectory();
        File.WriteAllText(Path.Combine(temp.Path, SummonOptions.ConfigFileName), json);

        Assert.Null(HookSettings.Load(temp.Path));
        Assert.Throws<SummonConfigurationException>(() => SummonOptions.Load(temp.Path));
    }
}
