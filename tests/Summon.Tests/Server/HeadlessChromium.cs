using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Summon.Tests.Server;

/// <summary>Debian's <c>chromium</c>, headless: what a browser makes of a page. test.sh installs it when missing.</summary>
internal static partial class HeadlessChromium
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>The page's DOM after Chromium loaded it (and ran whatever it would have run).</summary>
    public static async Task<string> DumpDomAsync(Uri url)
    {
        var executable = new[] { "chromium", "chromium-browser" }
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Chromium is not installed, so the page cannot be checked in a browser. Run ./test.sh as root (it installs Debian's chromium) or `apt-get install chromium`.");
        using var profile = new TempDirectory("chromium");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", $"--user-data-dir={profile.Path}", "--dump-dom", url.ToString() })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Chromium did not finish loading {url} within {Deadline.TotalSeconds} s.");
        }
        var dom = await output;
        if (process.ExitCode != 0 || dom.Length == 0)
        {
            throw new InvalidOperationException($"Chromium exited with {process.ExitCode} loading {url}: {await errors}");
        }
        return dom;
    }

    /// <summary>The text a person reads: the body without markup or style, entities decoded, whitespace collapsed.</summary>
    public static string VisibleText(string dom)
    {
        var body = Regex.Replace(dom, "<(style|script|head)[^>]*>.*?</\\1>", " ", RegexOptions.Singleline | RegexOptions.IgnoreCase);
        var text = WebUtility.HtmlDecode(InlineTags().Replace(BlockTags().Replace(body, " "), ""));
        return Spaces().Replace(text, " ");
    }

    [GeneratedRegex("</?(p|h[1-6]|td|th|tr|table|thead|tbody|ul|li|div|nav|form|label|button|input|br)\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockTags();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex InlineTags();

    [GeneratedRegex("\\s+")]
    private static partial Regex Spaces();
}
