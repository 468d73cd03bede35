using Summon.Cache;

namespace Summon.Tests.Cache;

public class CacheLocationTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void SummonCacheDirOverridesEverything()
    {
        var root = CacheLocation.Resolve(environment: Env(("SUMMON_CACHE_DIR", "/srv/cache"), ("XDG_CACHE_HOME", "/xdg"), ("HOME", "/home/u")));
        Assert.Equal("/srv/cache", root);
    }

    [Fact]
    public void ExplicitDirectoryOverridesTheEnvironment()
    {
        Assert.Equal("/explicit", CacheLocation.Resolve("/explicit", Env(("SUMMON_CACHE_DIR", "/srv/cache"))));
    }

    [LinuxFact]
    public void OnLinuxXdgCacheHomeIsUsed()
    {
        Assert.Equal("/xdg/summon", CacheLocation.Resolve(environment: Env(("XDG_CACHE_HOME", "/xdg"), ("HOME", "/home/u"))));
    }

    [LinuxFact]
    public void OnLinuxWithoutXdgTheCacheIsUnderDotCache()
    {
        Assert.Equal("/home/u/.cache/summon", CacheLocation.Resolve(environment: Env(("HOME", "/home/u"))));
    }

    [LinuxFact]
    public void OnLinuxARelativeXdgCacheHomeIsIgnoredAsTheSpecRequires()
    {
        Assert.Equal("/home/u/.cache/summon", CacheLocation.Resolve(environment: Env(("XDG_CACHE_HOME", "relative"), ("HOME", "/home/u"))));
    }

    [UnixTheory]
    [InlineData("/srv/../etc/cache", "/etc/cache")]
    [InlineData("/srv/./cache", "/srv/cache")]
    [InlineData("/srv//cache", "/srv/cache")]
    [InlineData("/srv/cache/..", "/srv")]
    [InlineData("/srv/cache/.", "/srv/cache")]
    public void AnOverrideIsNormalizedAsAFullPath(string overridden, string expected)
    {
        Assert.Equal(expected, CacheLocation.Resolve(environment: Env(("SUMMON_CACHE_DIR", overridden))));
    }

    [UnixTheory]
    [InlineData("/srv/cache", true)]
    [InlineData("/srv/.cache/a..b/.x", true)]
    [InlineData("/", false)]
    [InlineData("/srv/cache/", false)]
    [InlineData("/srv//cache", false)]
    [InlineData("/srv/./cache", false)]
    [InlineData("/srv/../cache", false)]
    [InlineData("/srv/cache/.", false)]
    [InlineData("/srv/cache/..", false)]
    [InlineData("relative/cache", false)]
    [InlineData("", false)]
    public void APathIsTakenAsNormalizedOnlyWhenGetFullPathWouldNotChangeIt(string path, bool normalized)
    {
        Assert.Equal(normalized, CacheLocation.IsNormalizedAbsolute(path));
        if (normalized)
        {
            Assert.Equal(Path.GetFullPath(path), path);
        }
    }

    [UnixFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void PrivateDirectoriesAreCreatedReadableOnlyByTheUser()
    {
        using var temp = new TempDirectory();
        var created = CacheLocation.CreatePrivateDirectory(temp.Combine("a", "b"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(created.FullName));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(temp.Combine("a")));
    }
}
