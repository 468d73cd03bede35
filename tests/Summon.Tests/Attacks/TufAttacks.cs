using System.Text;
using System.Text.Json.Nodes;
using Summon.Publishing;
using Summon.Publishing.Keys;

namespace Summon.Tests.Attacks;

/// <summary>
/// The attacks the TUF specification lists (section 1.5.2), each mounted over HTTP on 127.0.0.1 by a man in the
/// middle against a real <see cref="Summoner"/>: version 1.0.0 of a module is installed first, version 2.0.0
/// is published, and the attack is mounted on the update to it. Each test checks that the client refuses with
/// a typed error naming the role and the check, that the metadata it trusts did not take in anything the
/// repository did not sign, and that version 1.0.0 still loads.
/// </summary>
public sealed class TufAttacks : IAsyncLifetime
{
    private AttackWorld world = null!;

    public async Task InitializeAsync()
    {
        world = await AttackWorld.CreateAsync();
        await world.InstallVersion1Async();
    }

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task Arbitrary_installation_of_a_file_the_repository_never_signed_is_refused_and_the_cached_module_still_loads()
    {
        world.PublishVersion2();
        var before = world.CachedMetadata();
        // Same length as the genuine file, so only the hash can tell.
        var malicious = Encoding.UTF8.GetBytes(AttackWorld.Greeting("6.6.6"));
        world.Proxy.Attack = path => AttackWorld.IsModuleFile(path, "2.0.0", AttackWorld.GreetingFile) ? new Tamper.Serve(malicious) : null;

        var error = await world.UpdateIsRefusedAsync<ModuleVerificationException>();

        Assert.Equal((AttackWorld.ModuleId, AttackWorld.GreetingFile), (error.ModuleId, error.File));
        var check = Assert.IsType<TrustException>(error.InnerException);
        Assert.Equal(("targets", TrustCheck.LengthOrHash), (check.Role, check.Check));
        Assert.Contains("does not match its signed length and hash", error.Message);
        Assert.Contains("sha256", check.Message);
        world.AssertCachedMetadataIsGenuine(before);
        await world.AssertVersion1StillLoadsAsync();
    }

    [Fact]
    public async Task Arbitrary_installation_through_metadata_signed_with_the_attackers_own_key_is_refused_and_the_cached_module_still_loads()
    {
        world.PublishVersion2();
        var before = world.CachedMetadata();
        using var attackerKey = SigningKey.Generate(SigningKeyType.Ecdsa);
        var forged = AttackWorld.Forge(world.Genuine("timestamp.json"), signed => signed["version"] = signed["version"]!.GetValue<int>() + 1, attackerKey);
        world.Proxy.Attack = path => path == "/metadata/timestamp.json" ? new Tamper.Serve(forged) : null;

        var error = await world.UpdateIsRefusedAsync<TrustException>();

        Assert.Equal(("timestamp", TrustCheck.Signature), (error.Role, error.Check));
        Assert.Contains("timestamp metadata has 0 valid signature(s)", error.Message);
        world.AssertCachedMetadataUnchanged(before);
        await world.AssertVersion1StillLoadsAsync();
    }

    [Fact]
    public async Task Endless_data_in_place_of_the_timestamp_is_cut_off_and_the_cached_module_still_loads()
    {
        world.PublishVersion2();
        var before = world.CachedMetadata();
        world.Proxy.Attack = path => path == "/metadata/timestamp.json" ? new Tamper.Endless() : null;

        var error = await world.UpdateIsRefusedAsync<RepositoryUnavailableException>();

        var download = Assert.IsType<DownloadException>(error.InnerException);
        Assert.EndsWith("/metadata/timestamp.json", download.Url.AbsolutePath);
        // The client says this only when it counted one byte past its cap and stopped reading there. (What the
        // server wrote proves nothing: Kestrel quietly discards writes to a connection the client closed.)
        Assert.Contains("sent more than the 16384 bytes allowed", error.Message);
        Assert.Contains("timestamp.json", error.Message);
        world.AssertCachedMetadataUnchanged(before);
        await world.AssertVersion1StillLoadsAsync();
    }

    [Fact]
    public async Task Endless_data_in_place_of_a_module_file_is_cut_off_at_its_signed_length_and_the_cached_module_still_loads()
    {
        world.PublishVersion2();
        var before = world.CachedMetadata();
        world.Proxy.Attack = path => AttackWorld.IsModuleFile(path, "2.0.0", AttackWorld.GreetingFile) ? new Tamper.Endless() : null;

        var error = await world.UpdateIsRefusedAsync<RepositoryUnavailableException>();

        var download = Assert.IsType<DownloadException>(error.InnerException);
        Assert.EndsWith($".{AttackWorld.GreetingFile}", download.Url.AbsolutePath);
        var signedLength = Encoding.UTF8.GetByteCount(AttackWorld.Greeting("2.0.0"));
        Assert.Contains($"sent more than the {signedLength} bytes allowed", error.Message);
        world.AssertCachedMetadataIsGenuine(before);
        await world.AssertVersion1StillLoadsAsync();
    }

    [Fact]
    public async Task Extraneous_dependency_added_to_a_module_manifest_is_refused_and_nothing_else_is_installed()
    {
        world.PublishVersion2();
        var before = world.CachedMetadata();
        world.Proxy.Attack = path => AttackWorld.IsManifest(path, "2.0.0") ? new Tamper.Rewrite(AddDependency) : null;

        var error = await world.UpdateIsRefusedAsync<TrustException>();

        Assert.Equal(("targets", TrustCheck.LengthOrHash), (error.Role, error.Check));
        Assert.Contains("module.json", error.Message);
        Assert.Contains("targets metadata says", error.Message);
        world.AssertCachedMetadataIsGenuine(before);
        await world.AssertVersion1StillLoadsAsync();

        static byte[] AddDependency(byte[] manifest)
        {
            var json = JsonNode.Parse(manifest)!.AsObject();
            var dependencies = json["dependencies"] as JsonObject ?? [];
            json["dependencies"] = dependencies;
            dependencies["evil.backdoor"] = "[1.0,)";
            return Encoding.UTF8.GetBytes(json.ToJsonString());
        }
    }

    [Fact]
    public async Task Fast_forward_attack_is_refused_and_a_later_honest_update_still_succeeds()
    {
        world.PublishVersion2();
        var before = world.CachedMetadata();
        // Versions raised far ahead, so that every later genuine timestamp and snapshot would look like a rollback.
        var forged = AttackWorld.Forge(world.Genuine("timestamp.json"), signed =>
        {
            signed["version"] = 1_000_000;
            signed["meta"]!["snapshot.json"]!["version"] = 1_000_000;
        });
        world.Proxy.Attack = path => path == "/metadata/timestamp.json" ? new Tamper.Serve(forged) : null;

        var error = await world.UpdateIsRefusedAsync<TrustException>();

        Assert.Equal(("timestamp", TrustCheck.Signature), (error.Role, error.Check));
        Assert.Contains("timestamp metadata has 0 valid signature(s)", error.Message);
        world.AssertCachedMetadataUnchanged(before);
        await world.AssertVersion1StillLoadsAsync();
        world.Proxy.Attack = null;
        using var client = world.Client();
        Assert.Equal("2.0.0", Assert.Single(await client.UpdateAsync(AttackWorld.ModuleId)).Version);
    }

    [Fact]
    public async Task Fast_forward_attack_with_stolen_timestamp_keys_is_undone_by_rotating_them_and_the_update_then_succeeds()
    {
        world.PublishVersion2();
        // Every timestamp key stolen (a compromise at threshold, which signatures alone cannot stop), used to sign
        // a timestamp far ahead, so that every later genuine timestamp looks like a rollback.
        var forged = AttackWorld.Forge(world.Genuine("timestamp.json"), signed =>
        {
            signed["version"] = 1_000_000;
            signed["meta"] = new JsonObject { ["snapshot.json"] = new JsonObject { ["version"] = 1_000_000 } };
        }, [.. world.KeysOf("timestamp")]);
        world.Proxy.Attack = path => path == "/metadata/timestamp.json" ? new Tamper.Serve(forged) : null;
        await world.UpdateIsRefusedAsync<RepositoryUnavailableException>();
        world.Proxy.Attack = null;
        var blocked = await world.UpdateIsRefusedAsync<TrustException>();
        Assert.Equal(("timestamp", TrustCheck.Version), (blocked.Role, blocked.Check));
        await world.AssertVersion1StillLoadsAsync();

        // Spec 5.3.11: the repository rotates the timestamp keys; the client can no longer verify the
        // fast-forwarded timestamp with the new root, drops it, and takes the genuine one.
        using (var editor = RepositoryEditor.Open(world.Repository, world.Keys))
        {
            editor.RotateKeys("timestamp");
        }
        using var client = world.Client();

        Assert.Equal("2.0.0", Assert.Single(await client.UpdateAsync(AttackWorld.ModuleId)).Version);
        Assert.Equal(world.Genuine("timestamp.json"), world.CachedMetadata()["timestamp.json"]);
    }

    [Fact]
    public async Task Indefinite_freeze_attack_is_refused_once_the_frozen_timestamp_expires_and_the_cached_module_still_loads()
    {
        // The repository's timestamp, re-signed by its own keys to expire in a few seconds: the one the client
        // trusts, and the one a freezing attacker will keep serving. Seconds enough for the client to take it in
        // while it is valid, on a loaded machine too (expiry has whole-second resolution).
        var expires = DateTimeOffset.UtcNow.AddSeconds(6);
        var frozen = AttackWorld.Forge(world.Genuine("timestamp.json"), signed =>
        {
            signed["version"] = signed["version"]!.GetValue<int>() + 1;
            signed["expires"] = expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        }, [.. world.KeysOf("timestamp")]);
        File.WriteAllBytes(world.MetadataPath("timestamp.json"), frozen);
        using (var client = world.Client())
        {
            await client.UpdateAsync(AttackWorld.ModuleId);
        }
        world.PublishVersion2();
        var before = world.CachedMetadata();
        Assert.Equal(frozen, before["timestamp.json"]);
        world.Proxy.Attack = path => path == "/metadata/timestamp.json" ? new Tamper.Serve(frozen) : null;
        while (DateTimeOffset.UtcNow < expires.AddSeconds(1))
        {
            await Task.Delay(200);
        }

        var error = await world.UpdateIsRefusedAsync<TrustException>();

        Assert.Equal(("timestamp", TrustCheck.Expiry), (error.Role, error.Check));
        Assert.Contains("timestamp metadata", error.Message);
        Assert.Contains("expired", error.Message);
        world.AssertCachedMetadataUnchanged(before);
        await world.AssertVersion1StillLoadsAsync();
    }

    [Fact]
    public async Task Malicious_mirror_serving_a_repository_of_its_own_is_refused_and_cannot_prevent_the_update_from_a_good_mirror()
    {
        world.PublishVersion2();
        var before = world.CachedMetadata();
        // The mirror's repository looks like the real one (same module, newer version, even a root rotation)
        // but every key in it is the mirror's.
        await using var mirror = await EvilMirror.CreateAsync();
        world.Proxy.Upstream = mirror.Url;

        var error = await world.UpdateIsRefusedAsync<TrustException>();

        Assert.Equal(("root", TrustCheck.Signature), (error.Role, error.Check));
        Assert.Contains("root metadata has 0 valid signature(s)", error.Message);
        world.AssertCachedMetadataUnchanged(before);
        await world.AssertVersion1StillLoadsAsync();
        world.Proxy.Upstream = world.ServerUrl;
        using var client = world.Client();
        Assert.Equal("2.0.0", Assert.Single(await client.UpdateAsync(AttackWorld.ModuleId)).Version);
    }

    [Fact]
    public async Task Mix_and_match_attack_pairing_the_new_snapshot_with_the_old_targets_is_refused_and_the_cached_module_still_loads()
    {
        var oldTargets = world.Genuine($"{world.CurrentVersion("targets")}.targets.json");
        world.PublishVersion2();
        var before = world.CachedMetadata();
        var newTargets = $"/metadata/{world.CurrentVersion("targets")}.targets.json";
        world.Proxy.Attack = path => path == newTargets ? new Tamper.Serve(oldTargets) : null;

        var error = await world.UpdateIsRefusedAsync<TrustException>();

        // The snapshot lists only the targets file's version (as the spec allows), so the version check catches it.
        Assert.Equal(("targets", TrustCheck.Version), (error.Role, error.Check));
        Assert.Contains("where snapshot lists version", error.Message);
        Assert.Contains("mixed files from different snapshots", error.Message);
        // The new timestamp and snapshot are the repository's own and may be trusted; targets must not move.
        world.AssertCachedMetadataIsGenuine(before, "targets.json");
        await world.AssertVersion1StillLoadsAsync();
    }

    [Fact]
    public async Task Key_compromise_below_threshold_one_stolen_timestamp_key_of_two_is_refused_and_the_cached_module_still_loads()
    {
        world.PublishVersion2();
        var before = world.CachedMetadata();
        var stolen = world.KeysOf("timestamp")[0];
        var forged = AttackWorld.Forge(world.Genuine("timestamp.json"), signed => signed["version"] = signed["version"]!.GetValue<int>() + 1, stolen);
        world.Proxy.Attack = path => path == "/metadata/timestamp.json" ? new Tamper.Serve(forged) : null;

        var error = await world.UpdateIsRefusedAsync<TrustException>();

        Assert.Equal(("timestamp", TrustCheck.Signature), (error.Role, error.Check));
        Assert.Contains("timestamp metadata has 1 valid signature(s) from the keys root lists for it, but needs 2", error.Message);
        world.AssertCachedMetadataUnchanged(before);
        await world.AssertVersion1StillLoadsAsync();
    }

    [Fact]
    public async Task Key_compromise_below_threshold_one_stolen_key_signing_twice_counts_once_and_is_refused()
    {
        world.PublishVersion2();
        var before = world.CachedMetadata();
        var stolen = world.KeysOf("timestamp")[0];
        var forged = JsonNode.Parse(AttackWorld.Forge(world.Genuine("timestamp.json"), signed => signed["version"] = signed["version"]!.GetValue<int>() + 1, stolen))!;
        var signatures = forged["signatures"]!.AsArray();
        signatures.Add(signatures[0]!.DeepClone());
        var twice = Encoding.UTF8.GetBytes(forged.ToJsonString());
        world.Proxy.Attack = path => path == "/metadata/timestamp.json" ? new Tamper.Serve(twice) : null;

        var error = await world.UpdateIsRefusedAsync<TrustException>();

        Assert.Equal(("timestamp", TrustCheck.Signature), (error.Role, error.Check));
        Assert.Contains("timestamp metadata has 1 valid signature(s) from the keys root lists for it, but needs 2", error.Message);
        world.AssertCachedMetadataUnchanged(before);
        await world.AssertVersion1StillLoadsAsync();
    }

    [Fact]
    public async Task Rollback_attack_replaying_an_older_timestamp_is_refused_and_the_cached_module_still_loads()
    {
        var older = world.Genuine("timestamp.json");
        // The client must trust a timestamp newer than the replayed one; an equal version only means "nothing new".
        world.PublishUnrelatedModule();
        using (var client = world.Client())
        {
            await client.UpdateAsync(AttackWorld.ModuleId);
        }
        world.PublishVersion2();
        var before = world.CachedMetadata();
        world.Proxy.Attack = path => path == "/metadata/timestamp.json" ? new Tamper.Serve(older) : null;

        var error = await world.UpdateIsRefusedAsync<TrustException>();

        Assert.Equal(("timestamp", TrustCheck.Version), (error.Role, error.Check));
        Assert.Contains("is older than the trusted version", error.Message);
        Assert.Contains("rollback", error.Message);
        world.AssertCachedMetadataUnchanged(before);
        await world.AssertVersion1StillLoadsAsync();
    }

    [Fact]
    public async Task Wrong_software_installation_signed_by_a_publisher_trusted_only_for_other_modules_is_ignored()
    {
        const string pdf = "acme.pdf";
        using (var editor = RepositoryEditor.Open(world.Repository, world.Keys))
        {
            // The rogue publisher is delegated first, so a client that ignored path patterns would ask it first.
            editor.Delegate("rogue", ["modules/rogue/*", "modules/rogue/*/*", "modules/rogue/*/files/*"]);
            editor.Delegate("acme", ["modules/acme.pdf/*", "modules/acme.pdf/*/*", "modules/acme.pdf/*/files/*"]);
        }
        world.PublishModule(pdf, "1.0.0");
        using (var client = world.Client())
        {
            await client.PrefetchAsync($"{pdf}@[1.0.0]");
        }
        world.PublishModule(pdf, "2.0.0");
        // The rogue publisher signs, with its own genuine key, a file for acme.pdf 2.0.0, and the repository
        // lists its new metadata as it lists any publisher's: a new snapshot and timestamp.
        var malicious = Encoding.UTF8.GetBytes(AttackWorld.Greeting("6.6.6"));
        var maliciousHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(malicious));
        var rogueVersion = world.CurrentVersion("rogue") + 1;
        var rogue = AttackWorld.Forge(world.Genuine($"{rogueVersion - 1}.rogue.json"), signed =>
        {
            signed["version"] = rogueVersion;
            signed["targets"]![$"modules/{pdf}/2.0.0/files/{AttackWorld.GreetingFile}"] = new JsonObject
            {
                ["length"] = malicious.Length,
                ["hashes"] = new JsonObject { ["sha256"] = maliciousHash },
            };
        }, [.. world.KeysOf("rogue")]);
        File.WriteAllBytes(world.MetadataPath($"{rogueVersion}.rogue.json"), rogue);
        File.WriteAllBytes(Path.Combine(world.Repository, "targets", "modules", pdf, "2.0.0", "files", $"{maliciousHash}.{AttackWorld.GreetingFile}"), malicious);
        var snapshotVersion = world.CurrentVersion("snapshot") + 1;
        var snapshot = AttackWorld.Forge(world.Genuine($"{snapshotVersion - 1}.snapshot.json"), signed =>
        {
            signed["version"] = snapshotVersion;
            signed["meta"]!["rogue.json"] = new JsonObject { ["version"] = rogueVersion };
        }, [.. world.KeysOf("snapshot")]);
        File.WriteAllBytes(world.MetadataPath($"{snapshotVersion}.snapshot.json"), snapshot);
        var timestamp = AttackWorld.Forge(world.Genuine("timestamp.json"), signed =>
        {
            signed["version"] = signed["version"]!.GetValue<int>() + 1;
            signed["meta"] = new JsonObject
            {
                ["snapshot.json"] = new JsonObject
                {
                    ["version"] = snapshotVersion,
                    ["length"] = snapshot.Length,
                    ["hashes"] = new JsonObject { ["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(snapshot)) },
                },
            };
        }, [.. world.KeysOf("timestamp")]);
        File.WriteAllBytes(world.MetadataPath("timestamp.json"), timestamp);
        using var updater = world.Client();

        var updated = await updater.UpdateAsync(pdf);

        Assert.Equal("2.0.0", Assert.Single(updated).Version);
        var module = await updater.ImportAsync($"{pdf}@[2.0.0]");
        Assert.Equal(AttackWorld.Greeting("2.0.0"), await File.ReadAllTextAsync(module.GetFilePath(AttackWorld.GreetingFile)));
        Assert.DoesNotContain(world.Proxy.Requests, path => path.Contains(maliciousHash, StringComparison.Ordinal));
        // The rogue role's new metadata was genuinely published; the client simply had no reason to consult it.
        Assert.Contains(world.Proxy.Requests, path => path == $"/metadata/{snapshotVersion}.snapshot.json");
    }

    [Fact]
    public async Task Wrong_software_installation_of_a_genuine_file_of_another_version_is_refused_and_the_cached_module_still_loads()
    {
        world.PublishVersion2();
        var before = world.CachedMetadata();
        // Genuine, signed bytes, but signed for version 1.0.0's path, not for the file version 2.0.0 asks for.
        var otherVersion = world.StoredModuleFile("1.0.0", AttackWorld.GreetingFile);
        world.Proxy.Attack = path => AttackWorld.IsModuleFile(path, "2.0.0", AttackWorld.GreetingFile) ? new Tamper.Serve(otherVersion) : null;

        var error = await world.UpdateIsRefusedAsync<ModuleVerificationException>();

        Assert.Equal((AttackWorld.ModuleId, AttackWorld.GreetingFile), (error.ModuleId, error.File));
        var check = Assert.IsType<TrustException>(error.InnerException);
        Assert.Equal(("targets", TrustCheck.LengthOrHash), (check.Role, check.Check));
        world.AssertCachedMetadataIsGenuine(before);
        await world.AssertVersion1StillLoadsAsync();
    }
}
