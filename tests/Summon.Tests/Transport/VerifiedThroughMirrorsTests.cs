using Summon.FaultInjection;
using Summon.Modules;
using Summon.Tests.Publishing;
using Summon.Transport;
using Summon.Trust;

namespace Summon.Tests.Transport;

/// <summary>The trust layer over real HTTP, faults and mirrors: whatever serves the bytes, they are verified.</summary>
public class VerifiedThroughMirrorsTests
{
    private static readonly string Readme = RepositoryLayout.File("acme.extra", "1.0.0", "readme.txt");
    private static readonly string ReadmeText = string.Concat(Enumerable.Repeat("hello ", 20_000));

    private static PublishingFixture Published()
    {
        var fx = new PublishingFixture();
        fx.Init().Dispose();
        using var editor = fx.Open();
        editor.Publish(fx.ModuleFolder(content: ReadmeText), "acme.extra", "1.0.0");
        return fx;
    }

    private static (Updater Updater, HttpFetcher Fetcher) Client(PublishingFixture fx, Uri primary, Uri mirror)
    {
        var http = new HttpFetcher(TransportBed.ShortOptions, handler: null, delay: (_, _) => Task.CompletedTask);
        var mirrored = new MirroredFetcher(primary, [mirror], http, new MirrorHealth());
        return (fx.Client(mirrored, new Uri(primary, "metadata/"), new Uri(primary, "targets/")), http);
    }

    [Fact]
    public async Task With_the_primary_down_metadata_and_files_come_verified_from_a_mirror()
    {
        using var fx = Published();
        await using var mirror = await FaultServer.StartAsync(fx.Repo);
        var (updater, http) = Client(fx, TransportBed.DeadBase(), mirror.Url);
        using var _ = http;

        var bytes = await PublishingFixture.DownloadAsync(updater, Readme);

        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(ReadmeText), bytes);
        Assert.Contains(mirror.RequestCounts.Keys, k => k == "metadata/timestamp.json");
    }

    [Fact]
    public async Task A_mirror_serving_altered_bytes_is_caught_by_the_signed_hash()
    {
        using var fx = Published();
        await using var primary = await FaultServer.StartAsync(fx.Repo);
        await using var mirror = await FaultServer.StartAsync(fx.Repo);
        primary.Inject("targets/**", new Fault { Status = 503 });
        mirror.Inject("targets/**", new Fault { FlipByteAt = 7 });
        var (updater, http) = Client(fx, primary.Url, mirror.Url);
        using var _ = http;

        var e = await Assert.ThrowsAsync<TrustException>(() => PublishingFixture.DownloadAsync(updater, Readme));

        Assert.Equal(TrustCheck.LengthOrHash, e.Check);
    }

    [Fact]
    public async Task A_target_cut_off_twice_is_resumed_and_still_verifies()
    {
        using var fx = Published();
        await using var primary = await FaultServer.StartAsync(fx.Repo);
        primary.Inject("targets/**", new Fault { TruncateAfter = 30_000, Times = 2 });
        var (updater, http) = Client(fx, primary.Url, TransportBed.DeadBase());
        using var _ = http;

        var bytes = await PublishingFixture.DownloadAsync(updater, Readme);

        Assert.Equal(120_000, bytes.Length);
        Assert.Contains(primary.Requests, r => r.Path.StartsWith("targets/", StringComparison.Ordinal) && r.Range is not null);
    }
}
