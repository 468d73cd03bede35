namespace Summon.Tests.Configuration;

public class ConfigFileTests
{
    [Fact]
    public void SummonJsonBesideTheApplicationIsRead()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("summon.json"), """
            {
              // comments are allowed
              "repository": "http://127.0.0.1:5000/modules",
              "trustedRoot": "keys/root.json",
              "mirrors": ["http://127.0.0.1:5001/modules/"],
              "modules": { "Acme.Extra": "acme.extra@[1.0,2.0)" }
            }
            """);
        var options = new SummonOptions();

        ConfigFile.ApplyIfPresent(temp.Combine("summon.json"), options);

        Assert.Equal(new Uri("http://127.0.0.1:5000/modules/"), options.Repository);
        Assert.Equal(temp.Combine("keys", "root.json"), options.TrustedRootPath);
        Assert.Equal("acme.extra@[1.0,2.0)", options.AssemblyModules["acme.extra"]);
        Assert.Equal([new Uri("http://127.0.0.1:5001/modules/")], options.Mirrors);
    }

    [Fact]
    public void EnvironmentVariablesOverrideTheFile()
    {
        var options = new SummonOptions { Repository = new Uri("http://127.0.0.1:1/") };
        options.Mirrors.Add(new Uri("http://127.0.0.1:3/"));
        var environment = new Dictionary<string, string> { ["SUMMON_REPOSITORY"] = "http://127.0.0.1:2/", ["SUMMON_OFFLINE"] = "1", ["SUMMON_MIRRORS"] = "http://127.0.0.1:4/ http://127.0.0.1:5/" };

        ConfigFile.ApplyEnvironment(options, name => environment.GetValueOrDefault(name));

        Assert.Equal(new Uri("http://127.0.0.1:2/"), options.Repository);
        Assert.True(options.Offline);
        Assert.Equal([new Uri("http://127.0.0.1:4/"), new Uri("http://127.0.0.1:5/")], options.Mirrors);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://example.com/")]
    [InlineData("/relative/path")]
    [InlineData("http://example.com/?q=1")]
    public void AMalformedRepositoryUrlIsAConfigurationError(string url)
    {
        var error = Assert.Throws<SummonConfigurationException>(() => ConfigFile.ParseRepository(url, "test"));
        Assert.Contains("http", error.Message);
    }

    [Fact]
    public void AMalformedFileIsAConfigurationErrorThatNamesIt()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("summon.json"), "{ \"repository\": 5 }");

        var error = Assert.Throws<SummonConfigurationException>(() => ConfigFile.ApplyIfPresent(temp.Combine("summon.json"), new SummonOptions()));

        Assert.Contains("summon.json", error.Message);
    }
}
