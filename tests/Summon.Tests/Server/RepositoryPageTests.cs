using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Summon.Server;
using Summon.Server.Overview;
using Summon.Tests.Publishing;

namespace Summon.Tests.Server;

/// <summary>The page at the repository's address, for a person with a browser.</summary>
public class RepositoryPageTests
{
    private static async Task<string> PageAsync(Uri url)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.True(response.Headers.CacheControl!.NoCache);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The text of the table row that contains <paramref name="cell"/>.</summary>
    private static string Row(string html, string cell) =>
        Regex.Match(html, "<tr[^>]*>(?:(?!</tr>).)*" + Regex.Escape(cell) + "(?:(?!</tr>).)*</tr>", RegexOptions.Singleline).Value;

    [Fact]
    public async Task The_page_lists_modules_with_their_versions_newest_first_and_marks_revoked_ones()
    {
        using var fx = SampleRepository.Create();
        await using var server = await SummonRepositoryServer.StartAsync(fx.Repo);

        var html = await PageAsync(server.Url);

        var extra = Row(html, "<code>acme.extra</code>");
        Assert.Matches("2\\.0\\.0.*1\\.0\\.0", extra);
        Assert.Contains("<s>1.0.0</s> (revoked: " + SampleRepository.RevokedReason + ")", extra);
        Assert.DoesNotContain("<s>2.0.0</s>", extra);
        Assert.Contains("1.0.0", Row(html, "<code>acme.pdf</code>"));
        Assert.Contains("Modules 1–3 of 3", html);
        Assert.Contains($"\"repository\": \"{server.Url}\"", html);
    }

    [Fact]
    public async Task The_page_lists_each_roles_keys_scheme_and_threshold()
    {
        using var fx = SampleRepository.Create();
        await using var server = await SummonRepositoryServer.StartAsync(fx.Repo);

        var html = await PageAsync(server.Url);

        var root = fx.Signed("root.json");
        foreach (var role in new[] { "root", "timestamp", "snapshot", "targets" })
        {
            var keyId = root["roles"]![role]!["keyids"]![0]!.GetValue<string>();
            var row = Row(html, keyId);
            Assert.Contains($"<td rowspan=\"1\">{role}</td><td rowspan=\"1\">1 of 1</td>", row);
            Assert.Contains("ecdsa-sha2-nistp256", row);
        }
    }

    [Fact]
    public async Task Metadata_expiring_within_days_is_flagged_where_a_person_sees_it_first()
    {
        using var fx = SampleRepository.Create();
        await using var server = await SummonRepositoryServer.StartAsync(fx.Repo);

        var html = await PageAsync(server.Url);

        Assert.Matches("<p class=\"alert warn\" role=\"alert\">Expiring soon: root in (47|48) hours", html);
        Assert.Contains("Expires soon", Row(html, "<td>root</td>"));
        Assert.Contains("Valid</span>, expires in 90 days", Row(html, "<td>targets</td>"));
        Assert.Contains(fx.Signed("root.json")["expires"]!.GetValue<string>()[..10], Row(html, "<td>root</td>"));
    }

    [Fact]
    public async Task Expired_metadata_is_flagged_as_refused_by_clients()
    {
        using var fx = new PublishingFixture();
        fx.Init(clock: () => DateTimeOffset.UtcNow - TimeSpan.FromDays(2)).Dispose();
        await using var server = await SummonRepositoryServer.StartAsync(fx.Repo);

        var html = await PageAsync(server.Url);

        Assert.Contains("<p class=\"alert expired\" role=\"alert\">Expired: timestamp.", html);
        Assert.Contains("Clients refuse this repository", html);
        Assert.Contains("No modules are published yet.", html);
    }

    [Fact]
    public async Task Names_and_reasons_from_publishers_cannot_inject_markup()
    {
        using var fx = SampleRepository.Create();
        await using var server = await SummonRepositoryServer.StartAsync(fx.Repo);
        using var http = new HttpClient();

        using var response = await http.GetAsync(server.Url);
        var html = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<b id=injected", html);
        Assert.DoesNotContain("<i id=injected", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;&lt;b id=injected&gt;", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task An_uninitialized_folder_says_so_instead_of_failing()
    {
        using var temp = new TempDirectory("page");
        await using var server = await SummonRepositoryServer.StartAsync(temp.Path);

        var html = await PageAsync(server.Url);

        Assert.Contains("not an initialized repository", html);
        Assert.Contains("summon repo init", html);
    }

    [Fact]
    public async Task A_repository_of_100000_modules_is_shown_a_hundred_at_a_time_with_a_filter()
    {
        using var temp = new TempDirectory("big");
        LargeRepository.Write(temp.Path, 100_000);
        await using var server = await SummonRepositoryServer.StartAsync(temp.Path);

        var first = await PageAsync(server.Url);
        var third = await PageAsync(new Uri(server.Url, "?page=3"));
        var filtered = await PageAsync(new Uri(server.Url, "?q=m09999"));

        Assert.Contains("Modules 1–100 of 100,000.", first);
        Assert.Equal(100, Regex.Matches(first, "<tr><td><code>m").Count);
        Assert.Contains("<code>m000000</code></td><td><span class=\"version\">1.0.0</span>", first);
        Assert.Contains("href=\"?page=2\"", first);
        Assert.Contains("Modules 201–300 of 100,000.", third);
        Assert.Contains("<code>m000200</code>", third);
        Assert.Contains("Modules 1–10 of 10 matching <code>m09999</code> (100,000 in all).", filtered);
    }

    [Fact]
    public void The_overview_is_read_again_only_when_the_metadata_changes_and_then_only_the_roles_that_changed()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        using (var editor = fx.Open())
        {
            editor.DelegateHashBins(16);
            editor.Publish(fx.ModuleFolder(withAssembly: false), "acme.extra", "1.0.0");
        }
        var reader = new RepositoryOverviewReader(fx.Repo);

        var before = reader.Current();
        var read = reader.RoleFilesRead;
        Assert.Same(before, reader.Current());
        Assert.Equal(read, reader.RoleFilesRead);
        using (var editor = fx.Open())
        {
            editor.Publish(fx.ModuleFolder("pdf", "pdf", withAssembly: false), "acme.pdf", "1.0.0");
        }
        var after = reader.Current();

        Assert.Equal(17, read);
        Assert.InRange(reader.RoleFilesRead - read, 1, 8);
        Assert.Equal(["acme.extra", "acme.pdf"], after.ModuleIds);
        Assert.Equal(16, after.DelegatedExpiries.Count);
    }

    [Fact]
    public async Task The_page_shows_hashed_bins_as_one_delegation_with_their_shared_key()
    {
        using var fx = new PublishingFixture();
        fx.Init().Dispose();
        using (var editor = fx.Open())
        {
            editor.DelegateHashBins(2048);
        }
        var binKey = fx.Signed($"{fx.CurrentVersion("targets")}.targets.json")["delegations"]!["succinct_roles"]!["keyids"]![0]!.GetValue<string>();
        await using var server = await SummonRepositoryServer.StartAsync(fx.Repo);

        var html = await PageAsync(server.Url);

        var row = WebUtility.HtmlDecode(Row(html, binKey));
        Assert.Contains("2,048 hashed bins, bins-000 … bins-7ff", row);
        Assert.Contains("1 of 1", row);
        Assert.Contains("first 11 bits of its SHA-256", row);
    }
}

/// <summary>Metadata for a repository of many modules written directly (unsigned: the page does not verify), with real indexes for the first page.</summary>
internal static class LargeRepository
{
    public static void Write(string directory, int modules)
    {
        var metadata = Directory.CreateDirectory(Path.Combine(directory, "metadata")).FullName;
        var expires = DateTimeOffset.UtcNow.AddDays(30).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var role = "{\"keyids\":[],\"threshold\":1}";
        File.WriteAllText(Path.Combine(metadata, "root.json"),
            $"{{\"signed\":{{\"_type\":\"root\",\"spec_version\":\"1.0.31\",\"version\":1,\"expires\":\"{expires}\",\"consistent_snapshot\":true,\"keys\":{{}},\"roles\":{{\"root\":{role},\"timestamp\":{role},\"snapshot\":{role},\"targets\":{role}}}}},\"signatures\":[]}}");
        File.WriteAllText(Path.Combine(metadata, "timestamp.json"),
            $"{{\"signed\":{{\"_type\":\"timestamp\",\"spec_version\":\"1.0.31\",\"version\":1,\"expires\":\"{expires}\",\"meta\":{{\"snapshot.json\":{{\"version\":1}}}}}},\"signatures\":[]}}");
        File.WriteAllText(Path.Combine(metadata, "1.snapshot.json"),
            $"{{\"signed\":{{\"_type\":\"snapshot\",\"spec_version\":\"1.0.31\",\"version\":1,\"expires\":\"{expires}\",\"meta\":{{\"targets.json\":{{\"version\":1}}}}}},\"signatures\":[]}}");
        var targets = new StringBuilder($"{{\"signed\":{{\"_type\":\"targets\",\"spec_version\":\"1.0.31\",\"version\":1,\"expires\":\"{expires}\",\"targets\":{{");
        var fake = new string('0', 64);
        for (var i = 0; i < modules; i++)
        {
            var id = $"m{i:D6}";
            var sha = fake;
            if (i < 300)
            {
                var index = Encoding.UTF8.GetBytes($"{{\"schema\":1,\"id\":\"{id}\",\"versions\":{{\"1.0.0\":{{}}}}}}");
                sha = Convert.ToHexStringLower(SHA256.HashData(index));
                var folder = Directory.CreateDirectory(Path.Combine(directory, "targets", "modules", id)).FullName;
                File.WriteAllBytes(Path.Combine(folder, $"{sha}.index.json"), index);
            }
            targets.Append(i == 0 ? "" : ",").Append($"\"modules/{id}/index.json\":{{\"length\":50,\"hashes\":{{\"sha256\":\"{sha}\"}}}}");
        }
        targets.Append("}},\"signatures\":[]}");
        File.WriteAllText(Path.Combine(metadata, "1.targets.json"), targets.ToString());
    }
}
