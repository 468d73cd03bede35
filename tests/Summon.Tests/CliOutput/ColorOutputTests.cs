using System.Text.RegularExpressions;

namespace Summon.Tests.CliOutput;

/// <summary>
/// Colours on a terminal only: never when redirected, never with <c>NO_COLOR</c> set or <c>TERM=dumb</c>.
/// (On a terminal .NET itself may switch the keypad mode, <c>ESC[?1h ESC=</c>; colours are the SGR sequences.)
/// </summary>
public partial class ColorOutputTests : CliWorldTests
{
    [GeneratedRegex(@"\u001b\[[0-9;]*m")]
    private static partial Regex Colour();

    [Fact]
    public async Task OnATerminalAnErrorIsRed()
    {
        var result = await OnTerminalAsync([], "prefetch", "acme.missing");

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("\u001b[31msummon: ", result.StandardOutput);
    }

    [Fact]
    public async Task OnATerminalStatusWordsAreColoured()
    {
        var prefetch = await World.RunAsync("prefetch", "acme.pdf", "--quiet");
        Assert.True(prefetch.ExitCode == 0, prefetch.Output);

        var result = await OnTerminalAsync([], "cache", "verify");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("\u001b[32m0 damaged\u001b[0m", result.StandardOutput);
    }

    [Theory]
    [InlineData("NO_COLOR", "1")]
    [InlineData("TERM", "dumb")]
    public async Task NoColorOrADumbTerminalTurnsColoursOff(string variable, string value)
    {
        var environment = new Dictionary<string, string?> { [variable] = value };
        var prefetch = await OnTerminalAsync(environment, "prefetch", "acme.pdf");
        var verify = await OnTerminalAsync(environment, "cache", "verify");
        var error = await OnTerminalAsync(environment, "prefetch", "acme.missing");

        Assert.Equal([0, 0, 5], new[] { prefetch.ExitCode, verify.ExitCode, error.ExitCode });
        Assert.DoesNotMatch(Colour(), prefetch.StandardOutput + verify.StandardOutput + error.StandardOutput);
    }

    [Fact]
    public async Task RedirectedOutputHasNoEscapeSequencesAtAll()
    {
        var environment = new Dictionary<string, string?> { ["TERM"] = "xterm" };
        var prefetch = await World.RunAsync(environment, "prefetch", "acme.pdf");
        var verify = await World.RunAsync(environment, "cache", "verify");
        var error = await World.RunAsync(environment, "prefetch", "acme.missing");

        Assert.Equal([0, 0, 5], new[] { prefetch.ExitCode, verify.ExitCode, error.ExitCode });
        Assert.DoesNotContain('\u001b', prefetch.Output + verify.Output + error.Output);
    }
}
