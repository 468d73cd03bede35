using System.Text;
using Summon.Modules;
using Summon.Publishing;
using Summon.Publishing.Keys;

namespace Summon.Tests.Publishing;

public class PublishingDelegationTests
{
    internal static readonly string[] AcmePdfPatterns =
    [
        "modules/acme.pdf/*",
        "modules/acme.pdf/*/*",
        "modules/acme.pdf/*/files/*",
        "modules/acme.pdf/*/files/*/*",
        "assemblies/*",
    ];

    [Theory]
    [InlineData("targets", "modules/acme.pdf/*")]
    [InlineData("acme", null)]
    public void A_delegation_refused_for_its_name_or_paths_leaves_no_key_behind(string role, string? pattern)
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        var keysBefore = Directory.GetFiles(fx.Keys, "*", SearchOption.AllDirectories).Length;
        using var editor = fx.Open();

        Assert.Throws<PublishingException>(() => editor.Delegate(role, pattern is null ? [] : [pattern]));

        Assert.Equal(keysBefore, Directory.GetFiles(fx.Keys, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task A_module_under_a_delegated_path_is_signed_by_the_delegated_role_and_found_by_clients()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        using var editor = fx.Open();
        editor.Delegate("acme", AcmePdfPatterns);
        editor.Publish(fx.ModuleFolder(), "acme.pdf", "2.0.0");
        editor.Publish(fx.ModuleFolder("plain", withAssembly: false), "plain", "1.0.0");

        var acme = RepositoryEditorTests.TargetsOf(fx, "acme");
        Assert.Contains(RepositoryLayout.Manifest("acme.pdf", "2.0.0"), acme.Select(t => t.Key));
        Assert.Contains(RepositoryLayout.File("acme.pdf", "2.0.0", "data/table.csv"), acme.Select(t => t.Key));
        var top = RepositoryEditorTests.TargetsOf(fx, "targets");
        Assert.DoesNotContain(top, t => t.Key.StartsWith("modules/acme.pdf/", StringComparison.Ordinal));
        Assert.Contains(RepositoryLayout.Manifest("plain", "1.0.0"), top.Select(t => t.Key));

        var client = fx.Client();
        var info = await client.GetTargetInfoAsync(RepositoryLayout.File("acme.pdf", "2.0.0", "readme.txt"), CancellationToken.None);
        Assert.Equal("acme", info!.Role);
        Assert.Equal("hello", Encoding.UTF8.GetString(await PublishingFixture.DownloadAsync(client, RepositoryLayout.File("acme.pdf", "2.0.0", "readme.txt"))));
    }

    [Fact]
    public async Task A_delegation_to_another_publishers_key_lets_only_that_publisher_sign_its_modules()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        var publisherKeys = fx.Combine("acme-keys");
        Directory.CreateDirectory(publisherKeys);
        using var publisherKey = SigningKey.Generate(SigningKeyType.Ed25519);
        publisherKey.Save(Path.Combine(publisherKeys, "acme.json"));
        var publicFile = fx.Combine("acme-public.json");
        File.WriteAllText(publicFile, publisherKey.PublicKeyObject().ToJsonString());

        using (var owner = fx.Open())
        {
            owner.Delegate("acme", AcmePdfPatterns, [publicFile]);
            // The owner does not hold the publisher's key, so it cannot publish under the delegated paths.
            Assert.Contains("'acme'", Assert.Throws<PublishingException>(() => owner.Publish(fx.ModuleFolder(), "acme.pdf", "1.0.0")).Message);
        }

        // The publisher works with its own key plus the repository's online snapshot and timestamp keys.
        foreach (var file in Directory.GetFiles(fx.Keys).Where(f => Path.GetFileName(f).StartsWith("snapshot-") || Path.GetFileName(f).StartsWith("timestamp-")))
        {
            File.Copy(file, Path.Combine(publisherKeys, Path.GetFileName(file)));
        }
        using (var publisher = RepositoryEditor.Open(fx.Repo, publisherKeys))
        {
            publisher.Publish(fx.ModuleFolder(), "acme.pdf", "1.0.0");
        }

        var client = fx.Client();
        Assert.Equal("acme", (await client.GetTargetInfoAsync(RepositoryLayout.Manifest("acme.pdf", "1.0.0"), CancellationToken.None))!.Role);
    }

    [Fact]
    public async Task Rotating_a_delegated_roles_key_keeps_its_targets_reachable()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        using var editor = fx.Open();
        editor.Delegate("acme", AcmePdfPatterns);
        editor.Publish(fx.ModuleFolder(), "acme.pdf", "1.0.0");
        await fx.Client().RefreshAsync(CancellationToken.None);

        Assert.Null(editor.RotateKeys("acme"));

        var client = fx.Client();
        Assert.Equal("hello", Encoding.UTF8.GetString(await PublishingFixture.DownloadAsync(client, RepositoryLayout.File("acme.pdf", "1.0.0", "readme.txt"))));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    public async Task Hashed_bins_take_the_targets_and_clients_find_them(int bins)
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        using var editor = fx.Open();
        editor.Publish(fx.ModuleFolder(), "acme.extra", "1.0.0");

        var names = editor.DelegateHashBins(bins);
        Assert.Equal(bins, names.Count);
        Assert.Empty(RepositoryEditorTests.TargetsOf(fx, "targets"));
        editor.Publish(fx.ModuleFolder("two"), "acme.extra", "1.1.0");
        Assert.Empty(RepositoryEditorTests.TargetsOf(fx, "targets"));
        Assert.Equal(10, names.Sum(n => RepositoryEditorTests.TargetsOf(fx, n).Count));

        var client = fx.Client();
        var info = await client.GetTargetInfoAsync(RepositoryLayout.File("acme.extra", "1.1.0", "readme.txt"), CancellationToken.None);
        Assert.StartsWith("bins-", info!.Role);
        Assert.Equal("hello", Encoding.UTF8.GetString(await PublishingFixture.DownloadAsync(client, RepositoryLayout.File("acme.extra", "1.0.0", "readme.txt"))));
        Assert.Throws<PublishingException>(() => editor.DelegateHashBins(12));
    }
}
