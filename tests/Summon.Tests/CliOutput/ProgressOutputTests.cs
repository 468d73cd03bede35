using System.Text.RegularExpressions;

namespace Summon.Tests.CliOutput;

/// <summary>
/// Progress of downloads on standard error: one plain line per file when redirected, a bar rewritten in place on a
/// terminal (a pseudo-terminal made by util-linux <c>script</c>), nothing with <c>--quiet</c> or <c>--json</c>.
/// </summary>
public class ProgressOutputTests : CliWorldTests
{
    [Fact]
    public async Task RedirectedPrefetchPrintsOnePlainLinePerFile()
    {
        var result = await World.RunAsync("prefetch", "acme.pdf", "--all-files");

        Assert.True(result.ExitCode == 0, result.Output);
        var fetched = result.StandardError.Split('\n').Where(l => l.StartsWith("fetched ", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            ["acme.fonts 1.0.0 fonts/serif.bin", "acme.pdf 1.0.0 about.txt", "acme.pdf 1.0.0 data/a.bin", "acme.pdf 1.0.0 data/b.bin", "acme.pdf 1.0.0 lazy/big.bin"],
            fetched.Select(l => string.Join(' ', l.Split(' ')[1..4])).Order(StringComparer.Ordinal));
        Assert.DoesNotContain('\r', result.Output);
    }

    [Fact]
    public async Task QuietPrefetchPrintsNoProgress()
    {
        var result = await World.RunAsync("prefetch", "acme.pdf", "--quiet");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal("", result.StandardError);
        Assert.Contains("acme.pdf 1.0.0", result.StandardOutput);
    }

    [Fact]
    public async Task RedirectedUpdatePrintsALineForEachFileOfTheNewVersion()
    {
        var prefetch = await World.RunAsync("prefetch", "acme.pdf", "--quiet");
        Assert.True(prefetch.ExitCode == 0, prefetch.Output);
        World.PublishPdf2();

        var result = await World.RunAsync("update");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("fetched acme.pdf 2.0.0 data/a.bin", result.StandardError);
        Assert.DoesNotContain("fetched acme.fonts", result.StandardError);
    }

    [Fact]
    public async Task RedirectedLockPrintsALineForEachFileItHadToFetch()
    {
        World.WriteAppConfig(""", "modules": { "Acme.Pdf": "acme.pdf@[1.0,2.0)" }""");

        var result = await World.RunAsync("lock");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("fetched acme.pdf 1.0.0 data/a.bin", result.StandardError);
        Assert.Contains("fetched acme.fonts 1.0.0 fonts/serif.bin", result.StandardError);
    }

    [Fact]
    public async Task OnATerminalPrefetchDrawsABarInPlaceAndClearsIt()
    {
        var result = await OnTerminalAsync([], "prefetch", "acme.pdf");

        Assert.True(result.ExitCode == 0, result.Output);
        // The pseudo-terminal turns each "\n" into "\r\n"; a redraw is a "\r" not followed by "\n".
        Assert.Matches(@"\racme\.(pdf|fonts) 1\.0\.0 \S+ \[[=> ]+\] [0-9.]+ [KM]?B/[0-9.]+ [KM]?B", result.StandardOutput);
        Assert.Contains("files", result.StandardOutput);
        var bars = result.StandardOutput.Split('\r').Where(line => Regex.IsMatch(line, @"\d+/\d+ files *$")).ToList();
        Assert.NotEmpty(bars);
        Assert.All(bars, line => Assert.True(line.Length < Tool.TerminalColumns, $"{line.Length} columns: {line}"));
        Assert.DoesNotContain("fetched ", result.StandardOutput);
        Assert.Contains("acme.pdf 1.0.0: 3 files", result.StandardOutput);
    }

    [Fact]
    public async Task OnADumbTerminalPrefetchPrintsPlainLines()
    {
        var result = await OnTerminalAsync(new() { ["TERM"] = "dumb" }, "prefetch", "acme.pdf");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("fetched acme.pdf 1.0.0 data/a.bin", result.StandardOutput);
        Assert.DoesNotContain(" [=", result.StandardOutput);
    }

    [Fact]
    public async Task OnATerminalJsonShowsNoProgress()
    {
        var result = await OnTerminalAsync([], "prefetch", "acme.pdf", "--json");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.DoesNotContain(" [=", result.StandardOutput);
        Assert.DoesNotContain("fetched ", result.StandardOutput);
        Assert.Contains("\"module\"", result.StandardOutput);
    }
}
