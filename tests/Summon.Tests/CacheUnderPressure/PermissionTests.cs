using Summon.Cache;

namespace Summon.Tests.CacheUnderPressure;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PermissionTests
{
    [UnixFact]
    public void A_cache_writable_by_the_group_is_refused_with_how_to_fix_it()
    {
        using var folder = new TempDirectory("perm-");
        var cache = folder.Combine("cache");
        Directory.CreateDirectory(cache);
        File.SetUnixFileMode(cache, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupWrite | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);

        var error = Assert.Throws<SummonConfigurationException>(() => new Summoner(new SummonOptions { CacheDirectory = cache }));

        Assert.Contains($"chmod 700 {cache}", error.Message);
    }

    [UnixFact]
    public void A_cache_writable_by_others_is_refused()
    {
        using var folder = new TempDirectory("perm-");
        var cache = folder.Combine("cache");
        Directory.CreateDirectory(cache);
        File.SetUnixFileMode(cache, (UnixFileMode)Convert.ToInt32("703", 8));

        Assert.Throws<SummonConfigurationException>(() => new Summoner(new SummonOptions { CacheDirectory = cache }));
    }

    [LinuxRootFact]
    public void A_cache_owned_by_another_user_is_refused_with_how_to_fix_it()
    {
        using var folder = new TempDirectory("perm-");
        var cache = folder.Combine("cache");
        CacheLocation.CreatePrivateDirectory(cache);
        var (code, output) = RootTools.Run("chown", "65534", cache);
        Assert.True(code == 0, output);

        var error = Assert.Throws<SummonConfigurationException>(() => new Summoner(new SummonOptions { CacheDirectory = cache }));

        Assert.Contains("belongs to another user", error.Message);
        Assert.Contains($"chown -R", error.Message);
    }

    [UnixFact]
    public void A_private_cache_of_ones_own_is_accepted()
    {
        using var folder = new TempDirectory("perm-");
        var cache = folder.Combine("cache");
        CacheLocation.CreatePrivateDirectory(cache);

        using var summoner = new Summoner(new SummonOptions { CacheDirectory = cache });

        Assert.Equal(cache, summoner.CacheDirectory);
    }

    [UnixFact]
    public void A_root_found_private_is_checked_once_per_process()
    {
        using var folder = new TempDirectory("perm-");
        var cache = folder.Combine("cache");
        CacheLocation.CreatePrivateDirectory(cache);
        using (new Summoner(new SummonOptions { CacheDirectory = cache }))
        {
        }

        // Only the owner can loosen it: a summoner made later in this process takes the earlier check.
        File.SetUnixFileMode(cache, (UnixFileMode)Convert.ToInt32("770", 8));
        using var later = new Summoner(new SummonOptions { CacheDirectory = cache });

        Assert.Equal(cache, later.CacheDirectory);
    }

    [UnixFact]
    public void A_root_found_private_earlier_does_not_vouch_for_another()
    {
        using var folder = new TempDirectory("perm-");
        var (checkedFirst, other) = (folder.Combine("first"), folder.Combine("other"));
        CacheLocation.CreatePrivateDirectory(checkedFirst);
        Directory.CreateDirectory(other);
        File.SetUnixFileMode(other, (UnixFileMode)Convert.ToInt32("770", 8));
        using (new Summoner(new SummonOptions { CacheDirectory = checkedFirst }))
        {
        }

        Assert.Throws<SummonConfigurationException>(() => new Summoner(new SummonOptions { CacheDirectory = other }));
    }

    [UnixFact]
    public void An_unwritable_home_falls_back_to_a_private_folder_under_the_temporary_folder_with_a_warning()
    {
        using var folder = new TempDirectory("perm-");
        // A home that is a file: nothing can be created under it, even by root (who ignores read-only modes).
        var home = folder.Combine("home");
        File.WriteAllText(home, "");
        var temporary = folder.Combine("tmp");
        Directory.CreateDirectory(temporary);
        var environment = new Dictionary<string, string?> { ["HOME"] = home, ["TMPDIR"] = temporary };
        var warnings = new List<string>();

        var cache = CacheLocation.ResolveUsable(null, name => environment.GetValueOrDefault(name), warnings.Add);

        Assert.Equal(Path.Combine(temporary, $"summon-{UnixOwner.CurrentUserId}"), cache);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(cache));
        Assert.Contains("warning", Assert.Single(warnings));
    }

    [Fact]
    public void A_folder_named_explicitly_is_never_replaced_by_the_fallback()
    {
        var warnings = new List<string>();

        var cache = CacheLocation.ResolveUsable("/nonexistent/explicit", _ => null, warnings.Add);

        Assert.Equal(Path.GetFullPath("/nonexistent/explicit"), cache);
        Assert.Empty(warnings);
    }

    [Fact]
    public async Task A_shared_cache_is_consulted_first_and_never_written()
    {
        await using var world = await PressureWorld.CreateAsync();
        world.Publish("shared.data", "1.0.0", 1000);
        var shared = world.Combine("shared");
        // An administrator prepares the shared layer with the ordinary tool, pointed at it.
        using (var admin = world.NewSummoner(o => o.CacheDirectory = shared))
        {
            await admin.PrefetchAsync("shared.data");
        }
        var sharedFiles = Directory.EnumerateFileSystemEntries(shared, "*", SearchOption.AllDirectories).Order().ToList();
        var downloads = world.FileDownloads().Single().Value;

        using var user = world.NewSummoner(o => { o.SharedCacheDirectory = shared; o.Offline = true; });
        var info = await user.PrefetchAsync("shared.data");

        Assert.StartsWith(shared, info.Directory);
        Assert.Equal(downloads, world.FileDownloads().Single().Value);
        Assert.Equal(sharedFiles, Directory.EnumerateFileSystemEntries(shared, "*", SearchOption.AllDirectories).Order().ToList());
        Assert.False(Directory.Exists(Path.Combine(world.Cache, "v1", "modules")));
    }

    [UnixFact]
    public void A_shared_cache_writable_by_every_user_is_refused()
    {
        using var folder = new TempDirectory("perm-");
        var shared = folder.Combine("shared");
        Directory.CreateDirectory(shared);
        File.SetUnixFileMode(shared, (UnixFileMode)Convert.ToInt32("777", 8));

        var error = Assert.Throws<SummonConfigurationException>(() => new Summoner(new SummonOptions { CacheDirectory = folder.Combine("cache"), SharedCacheDirectory = shared }));

        Assert.Contains("chmod o-w", error.Message);
    }

    [Fact]
    public void SUMMON_SHARED_CACHE_sets_the_shared_layer()
    {
        var options = new SummonOptions();

        ConfigFile.ApplyEnvironment(options, name => name == "SUMMON_SHARED_CACHE" ? "/opt/summon-shared" : null);

        Assert.Equal(Path.GetFullPath("/opt/summon-shared"), options.SharedCacheDirectory);
    }
}
