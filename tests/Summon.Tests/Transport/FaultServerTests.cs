using System.Diagnostics;
using Summon.FaultInjection;

namespace Summon.Tests.Transport;

/// <summary>The fault server does what the fault suite relies on it to do.</summary>
public class FaultServerTests
{
    [Fact]
    public async Task Flipped_bytes_pass_the_transport_unnoticed_so_only_the_callers_hash_can_catch_them()
    {
        await using var bed = await TransportBed.StartAsync();
        bed.Server.Inject("**", new Fault { FlipByteAt = 12_345 });

        var bytes = await bed.FetchStreamAsync(bed.Fetcher());

        Assert.Equal(bed.Content.Length, bytes.Length);
        Assert.Equal(bed.Content[12_345] ^ 0xFF, bytes[12_345]);
        Assert.Equal(bed.Content[..12_345], bytes[..12_345]);
    }

    [Fact]
    public async Task Faults_apply_to_matching_paths_and_budgets_run_out()
    {
        await using var bed = await TransportBed.StartAsync();
        bed.Server.Inject("metadata/*.json", new Fault { Status = 503, Times = 1 });
        using var http = new HttpClient();

        var first = await http.GetAsync(new Uri(bed.Server.Url, "metadata/timestamp.json"));
        var second = await http.GetAsync(new Uri(bed.Server.Url, "metadata/timestamp.json"));
        var file = await http.GetAsync(bed.FileUrl);

        Assert.Equal(503, (int)first.StatusCode);
        Assert.Equal(404, (int)second.StatusCode);
        Assert.Equal(200, (int)file.StatusCode);
        Assert.Equal(2, bed.Server.RequestCount("metadata/timestamp.json"));
    }

    [Theory]
    [InlineData("status=503,times=3")]
    [InlineData("status=429,retry-after=2s")]
    [InlineData("truncate=100,no-range,no-validators")]
    [InlineData("stall=250ms,stall-after=0")]
    [InlineData("redirect-to=http://127.0.0.1:1/x")]
    public void Fault_specs_parse(string spec) => FaultSpec.Parse(spec);

    [Fact]
    public void A_bad_fault_spec_says_which_part()
    {
        var e = Assert.Throws<FormatException>(() => FaultSpec.Parse("status=503,explode"));
        Assert.Contains("explode", e.Message);
    }

    [Fact]
    public async Task The_exe_serves_with_faults_from_its_command_line_and_takes_more_over_http()
    {
        using var folder = new TempDirectory("faultexe");
        Directory.CreateDirectory(folder.Combine("metadata"));
        await File.WriteAllTextAsync(folder.Combine("metadata", "timestamp.json"), "{}");
        var exe = Path.Combine(AppContext.BaseDirectory, "FaultServer.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var arg in new[] { exe, "--root", folder.Path, "--fault", "metadata/**:status=503,times=1", "--until-stdin-closes" })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.StartsWith("listening on ", line);
            var url = new Uri(line!["listening on ".Length..]);
            using var http = new HttpClient();

            Assert.Equal(503, (int)(await http.GetAsync(new Uri(url, "metadata/timestamp.json"))).StatusCode);
            Assert.Equal(200, (int)(await http.GetAsync(new Uri(url, "metadata/timestamp.json"))).StatusCode);
            (await http.PostAsync(new Uri(url, "_fault/inject?rule=" + Uri.EscapeDataString("**:status=418")), null)).EnsureSuccessStatusCode();
            Assert.Equal(418, (int)(await http.GetAsync(new Uri(url, "metadata/timestamp.json"))).StatusCode);
            Assert.Equal("3 metadata/timestamp.json\n", await http.GetStringAsync(new Uri(url, "_fault/requests")));
        }
        finally
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill();
            }
        }
    }
}
