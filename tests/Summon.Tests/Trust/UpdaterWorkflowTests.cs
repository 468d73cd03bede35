using Summon.Tests.Trust.Simulator;
using Summon.Trust;

namespace Summon.Tests.Trust;

public sealed class UpdaterWorkflowTests : TrustTestBase
{
    [Fact]
    public async Task First_refresh_fetches_root_timestamp_snapshot_targets_in_order_and_stores_them()
    {
        await RefreshAsync();

        Assert.Equal([("root", 2L), ("timestamp", null), ("snapshot", 1L), ("targets", 1L)], Repo.MetadataRequests.Select(r => (r.Role, r.Version)));
        Assert.Equal(["root.json", "snapshot.json", "targets.json", "timestamp.json"], LocalFiles());
        Assert.Equal(1, LocalVersion("timestamp"));
    }

    [Fact]
    public async Task Second_refresh_reuses_stored_snapshot_and_targets_when_timestamp_is_unchanged()
    {
        await RefreshAsync();
        Repo.MetadataRequests.Clear();

        await RefreshAsync();

        Assert.Equal([("root", 2L), ("timestamp", null)], Repo.MetadataRequests.Select(r => (r.Role, r.Version)));
    }

    [Fact]
    public async Task Without_consistent_snapshots_metadata_is_fetched_unversioned()
    {
        using var test = new Plain();
        await test.Run();
    }

    private sealed class Plain() : TrustTestBase(consistentSnapshot: false)
    {
        public async Task Run()
        {
            Repo.AddArtifact("targets", "a/file.txt", "hello"u8.ToArray());
            Repo.Bump(Repo.Targets["targets"]);
            Repo.UpdateSnapshot();
            var updater = NewUpdater();
            var target = await updater.GetTargetInfoAsync("a/file.txt", CancellationToken.None);
            using var buffer = new MemoryStream();
            await updater.DownloadTargetAsync(target!, buffer, CancellationToken.None);

            Assert.Equal([("root", 2L), ("timestamp", null), ("snapshot", null), ("targets", null)], Repo.MetadataRequests.Select(r => (r.Role, r.Version)));
            Assert.Equal(["a/file.txt"], Repo.ArtifactRequests);
        }
    }

    [Fact]
    public async Task Target_is_found_downloaded_and_verified_with_its_hash_prefixed_name()
    {
        Repo.AddArtifact("targets", "dir/file.txt", "contents"u8.ToArray());
        Repo.Bump(Repo.Targets["targets"]);
        Repo.UpdateSnapshot();
        var updater = NewUpdater();

        var target = await updater.GetTargetInfoAsync("dir/file.txt", CancellationToken.None);
        using var buffer = new MemoryStream();
        await updater.DownloadTargetAsync(target!, buffer, CancellationToken.None);

        Assert.Equal("contents", System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        Assert.Equal(8, target!.Length);
        Assert.Equal("targets", target.Role);
        Assert.Equal($"dir/{target.Hashes["sha256"]}.file.txt", Assert.Single(Repo.ArtifactRequests));
    }

    [Fact]
    public async Task Unknown_target_is_null()
    {
        var target = await NewUpdater().GetTargetInfoAsync("no/such/file", CancellationToken.None);

        Assert.Null(target);
    }

    [Fact]
    public async Task Target_with_changed_content_is_refused_naming_the_target()
    {
        Repo.AddArtifact("targets", "file.txt", "good"u8.ToArray());
        Repo.Bump(Repo.Targets["targets"]);
        Repo.UpdateSnapshot();
        Repo.Artifacts["file.txt"] = "evil"u8.ToArray();
        var updater = NewUpdater();
        var target = await updater.GetTargetInfoAsync("file.txt", CancellationToken.None);

        var error = await Assert.ThrowsAsync<TrustException>(() => updater.DownloadTargetAsync(target!, new MemoryStream(), CancellationToken.None));

        Assert.Equal(TrustCheck.LengthOrHash, error.Check);
        Assert.Contains("file.txt", error.Message);
    }

    [Fact]
    public async Task Target_longer_than_signed_is_cut_off()
    {
        Repo.AddArtifact("targets", "file.txt", "good"u8.ToArray());
        Repo.Bump(Repo.Targets["targets"]);
        Repo.UpdateSnapshot();
        Repo.Artifacts["file.txt"] = new byte[100_000];
        var updater = NewUpdater();
        var target = await updater.GetTargetInfoAsync("file.txt", CancellationToken.None);
        using var sink = new MemoryStream();

        await Assert.ThrowsAnyAsync<SummonException>(() => updater.DownloadTargetAsync(target!, sink, CancellationToken.None));

        Assert.True(sink.Length <= 4);
    }

    [Fact]
    public async Task Parallel_downloads_of_many_targets_all_verify()
    {
        for (var i = 0; i < 20; i++)
        {
            Repo.AddArtifact("targets", $"f{i}", System.Text.Encoding.UTF8.GetBytes(new string('x', i * 10)));
        }
        Repo.Bump(Repo.Targets["targets"]);
        Repo.UpdateSnapshot();
        var updater = NewUpdater();
        var targets = new List<TargetFile>();
        for (var i = 0; i < 20; i++)
        {
            targets.Add((await updater.GetTargetInfoAsync($"f{i}", CancellationToken.None))!);
        }

        var lengths = await Task.WhenAll(targets.Select(async t =>
        {
            await Task.Yield();
            using var buffer = new MemoryStream();
            await updater.DownloadTargetAsync(t, buffer, CancellationToken.None);
            return buffer.Length;
        }));

        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i * 10), lengths);
    }

    [Fact]
    public async Task Download_to_file_leaves_nothing_behind_when_verification_fails()
    {
        Repo.AddArtifact("targets", "file.txt", "good"u8.ToArray());
        Repo.Bump(Repo.Targets["targets"]);
        Repo.UpdateSnapshot();
        Repo.Artifacts["file.txt"] = "bad!"u8.ToArray();
        var updater = NewUpdater();
        var target = (await updater.GetTargetInfoAsync("file.txt", CancellationToken.None))!;
        var path = Path.Combine(TargetDirectory, Updater.TargetFileName(target));

        await Assert.ThrowsAsync<TrustException>(() => updater.DownloadTargetToFileAsync(target, path, null, CancellationToken.None));

        Assert.Empty(Directory.GetFiles(TargetDirectory));
    }

    [Fact]
    public async Task Downloaded_file_is_recognised_as_cached()
    {
        Repo.AddArtifact("targets", "file.txt", "good"u8.ToArray());
        Repo.Bump(Repo.Targets["targets"]);
        Repo.UpdateSnapshot();
        var updater = NewUpdater();
        var target = (await updater.GetTargetInfoAsync("file.txt", CancellationToken.None))!;
        var path = Path.Combine(TargetDirectory, Updater.TargetFileName(target));
        Assert.False(Updater.IsCachedTarget(target, path));

        await updater.DownloadTargetToFileAsync(target, path, null, CancellationToken.None);

        Assert.True(Updater.IsCachedTarget(target, path));
    }

    [Fact]
    public async Task Missing_trusted_root_is_a_configuration_error_and_nothing_is_fetched()
    {
        File.Delete(Path.Combine(MetadataDirectory, "root.json"));

        await Assert.ThrowsAsync<SummonConfigurationException>(() => NewUpdater().RefreshAsync(CancellationToken.None));

        Assert.Empty(Repo.MetadataRequests);
    }

    [Fact]
    public async Task Tampered_trusted_root_is_refused_before_any_request()
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(Repo.SignedRoots[0])!;
        root["signed"]!["version"] = 7;
        File.WriteAllText(Path.Combine(MetadataDirectory, "root.json"), root.ToJsonString());

        var error = await RefreshFailsAsync();

        Assert.Equal(TrustCheck.Signature, error.Check);
        Assert.Empty(Repo.MetadataRequests);
    }

    [Fact]
    public async Task Role_names_are_escaped_in_urls_and_file_names()
    {
        Repo.AddDelegation("targets", "../evil?#");
        Repo.Bump(Repo.Targets["targets"]);
        Repo.UpdateSnapshot();

        Assert.Null(await NewUpdater().GetTargetInfoAsync("missing", CancellationToken.None));

        Assert.Contains(("../evil?#", (long?)1), Repo.MetadataRequests);
        Assert.Contains("..%2Fevil%3F%23.json", LocalFiles());
        Assert.Equal(5, LocalFiles().Length);
    }

    [Fact]
    public async Task Refresh_can_be_repeated_on_one_updater()
    {
        var updater = NewUpdater();
        await updater.RefreshAsync(CancellationToken.None);
        Repo.UpdateTimestamp();

        await updater.RefreshAsync(CancellationToken.None);

        Assert.Equal(2, LocalVersion("timestamp"));
    }
}
