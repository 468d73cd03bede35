using Summon.Cache;
using Summon.Loading;

namespace Summon.Tests.Loading;

/// <summary>
/// A warm start replays the warm locator's earlier answer for an application while everything that answer was read
/// from is unchanged, and answers nothing otherwise. Each test lets a locator answer once (what one process does), then
/// asks a fresh <see cref="WarmStart"/> (what the next process does).
/// </summary>
public sealed class WarmStartTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly string application;
    private readonly string cache;

    public WarmStartTests()
    {
        application = Directory.CreateDirectory(temp.Combine("app")).FullName;
        cache = Directory.CreateDirectory(temp.Combine("cache")).FullName;
        WriteConfig($$"""{ "cacheDirectory": "{{cache}}" }""");
    }

    public void Dispose() => temp.Dispose();

    private void WriteConfig(string json) => File.WriteAllText(Path.Combine(application, SummonOptions.ConfigFileName), json);

    private void Install(string version, string assembly = "Acme.A")
    {
        using var staging = new ModuleStore(cache).BeginInstall("acme.a", version);
        using (var file = staging.CreateFile($"{assembly}.dll"))
        {
            file.Write(System.Text.Encoding.UTF8.GetBytes(version));
        }
        staging.Publish("http://127.0.0.1/", new Dictionary<string, string> { [assembly] = $"{assembly}.dll" }, new Dictionary<string, string> { [$"{assembly}.dll"] = "00" }, [], new Dictionary<string, string>());
    }

    private WarmStart NextProcess(string? applicationDirectory = null) => new(null, null, applicationDirectory ?? application, cache);

    /// <summary>What one process's hook does on its first load: the locator answers, and leaves a record.</summary>
    private string LocateOnce(string assembly = "Acme.A")
    {
        var locator = new WarmLocator(HookSettings.Load(application)!, NextProcess());
        Assert.Equal(WarmAnswer.Found, locator.Locate(assembly, out var path));
        return path!;
    }

    private string RecordPath(string assembly = "acme.a") => NextProcess().RecordsDirectory + assembly;

    [GlibcFact]
    public void TheNextProcessGetsTheLocatorsAnswerFromTheRecord()
    {
        Install("1.0.0");
        var located = LocateOnce();

        Assert.Equal(located, NextProcess().Locate("Acme.A"));
    }

    [Fact]
    public void WithoutARecordItAnswersNothing()
    {
        Install("1.0.0");

        Assert.Null(NextProcess().Locate("Acme.A"));
    }

    [GlibcFact]
    public void AnotherApplicationDoesNotSeeTheRecord()
    {
        Install("1.0.0");
        LocateOnce();

        Assert.Null(NextProcess(Directory.CreateDirectory(temp.Combine("other-app")).FullName).Locate("Acme.A"));
    }

    [GlibcFact]
    public void ANewerVersionInstalledMeanwhileEndsTheRecord()
    {
        Install("1.0.0");
        LocateOnce();

        Install("1.1.0");

        Assert.Null(NextProcess().Locate("Acme.A"));
        Assert.EndsWith(Path.Combine("1.1.0", "Acme.A.dll"), LocateOnce());
    }

    [GlibcFact]
    public void ARevocationEndsTheRecord()
    {
        Install("1.0.0");
        LocateOnce();

        new ModuleStore(cache).MarkRevoked("acme.a", "1.0.0", "a security fix");

        Assert.Null(NextProcess().Locate("Acme.A"));
    }

    [GlibcFact]
    public void AFileChangedInTheCacheEndsTheRecord()
    {
        Install("1.0.0");
        var located = LocateOnce();

        File.AppendAllText(located, "tampered");

        Assert.Null(NextProcess().Locate("Acme.A"));
    }

    [GlibcFact]
    public void EditingSummonJsonEndsTheRecord()
    {
        Install("1.0.0");
        LocateOnce();

        WriteConfig($$"""{ "cacheDirectory": "{{cache}}", "modules": { "Acme.A": "acme.a@[2.0,3.0)" } }""");

        Assert.Null(NextProcess().Locate("Acme.A"));
    }

    [GlibcFact]
    public void ALockFileAppearingEndsTheRecord()
    {
        Install("1.0.0");
        LocateOnce();

        File.WriteAllText(Path.Combine(application, Summon.Modules.LockFile.FileName), "{}");

        Assert.Null(NextProcess().Locate("Acme.A"));
    }

    [GlibcFact]
    public void ARecordPastItsTimeIsNotReplayed()
    {
        Install("1.0.0");
        LocateOnce();
        var record = File.ReadAllLines(RecordPath());

        record[1] = $"until {DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeMilliseconds()}";
        File.WriteAllText(RecordPath(), string.Join('\n', record) + "\n");

        Assert.Null(NextProcess().Locate("Acme.A"));
    }

    [GlibcFact]
    public void ARecordLastsUntilTheNextFreshnessCheckIsDue()
    {
        WriteConfig($$"""{ "cacheDirectory": "{{cache}}", "repository": "http://127.0.0.1:1/", "trustedRoot": "root.json", "freshnessIntervalHours": 24 }""");
        Install("1.0.0");
        var store = new ModuleStore(cache);
        store.RecordFreshnessCheck();
        var checkedAt = DateTime.UtcNow.AddHours(-23);
        File.SetLastWriteTimeUtc(Path.Combine(cache, "v1", "last-freshness-check"), checkedAt);

        LocateOnce();

        var until = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(File.ReadAllLines(RecordPath())[1]["until ".Length..], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(checkedAt.AddHours(24), until.UtcDateTime, TimeSpan.FromSeconds(1));
    }

    [GlibcFact]
    public void NoRecordIsLeftWhenAFreshnessCheckIsDue()
    {
        WriteConfig($$"""{ "cacheDirectory": "{{cache}}", "repository": "http://127.0.0.1:1/", "trustedRoot": "root.json" }""");
        Install("1.0.0");

        LocateOnce();

        Assert.False(File.Exists(RecordPath()));
    }

    [GlibcFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void ACacheOtherUsersCanWriteIsNotTrusted()
    {
        Install("1.0.0");
        LocateOnce();

        File.SetUnixFileMode(cache, File.GetUnixFileMode(cache) | UnixFileMode.OtherWrite);

        Assert.Null(NextProcess().Locate("Acme.A"));
    }

    [GlibcFact]
    public void AnAssemblyFoundThroughAnotherModulesAnswerGetsARecordOfItsOwn()
    {
        using (var staging = new ModuleStore(cache).BeginInstall("acme.a", "1.0.0"))
        {
            foreach (var name in new[] { "Acme.A", "Acme.B" })
            {
                using var file = staging.CreateFile($"{name}.dll");
                file.Write("x"u8);
            }
            staging.Publish("http://127.0.0.1/", new Dictionary<string, string> { ["Acme.A"] = "Acme.A.dll", ["Acme.B"] = "Acme.B.dll" }, new Dictionary<string, string> { ["Acme.A.dll"] = "00", ["Acme.B.dll"] = "00" }, [], new Dictionary<string, string>());
        }
        var locator = new WarmLocator(HookSettings.Load(application)!, NextProcess());

        locator.Locate("Acme.A", out _);
        locator.Locate("Acme.B", out var second);

        Assert.Equal(second, NextProcess().Locate("Acme.B"));
    }

    [GlibcFact]
    public void PreloadingLoadsWhatEachRecordStillAnswers()
    {
        Install("1.0.0");
        var located = LocateOnce();

        Assert.Equal([located], NextProcess().RecordedAnswers(shippedAssemblies: null));
    }

    [GlibcFact]
    public void PreloadingSkipsARecordThatNoLongerHolds()
    {
        Install("1.0.0");
        LocateOnce();
        Install("1.1.0");

        Assert.Empty(NextProcess().RecordedAnswers(shippedAssemblies: null));
    }

    [GlibcFact]
    public void PreloadingNeverLoadsFromTheCacheAnAssemblyTheApplicationShips()
    {
        Install("1.0.0");
        LocateOnce();
        var shipped = string.Join(Path.PathSeparator, "/usr/share/dotnet/shared/System.Runtime.dll", Path.Combine(application, "ACME.A.dll"));

        Assert.Empty(NextProcess().RecordedAnswers(shipped));
    }

    [Fact]
    public void PreloadingWithoutRecordsLoadsNothing() => Assert.Empty(NextProcess().RecordedAnswers(shippedAssemblies: null));

    [Theory]
    [InlineData("/app/Acme.A.dll", true)]
    [InlineData("/app/acme.a.dll", true)]
    [InlineData("/app/Acme.A.Extra.dll", false)]
    [InlineData("/app/Acme.dll", false)]
    [InlineData("/app/Acme.A.exe", false)]
    [InlineData("/app/.dll", false)]
    [InlineData("", false)]
    public void AShippedAssemblyIsMatchedByItsWholeFileNameIgnoringCase(string path, bool shipped) =>
        Assert.Equal([false, shipped], WarmStart.Shipped(string.Join(Path.PathSeparator, "/fx/System.Runtime.dll", path), ["system.private.corelib", "acme.a"]));
}
