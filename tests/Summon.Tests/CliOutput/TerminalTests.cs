extern alias SummonCli;

using SummonCli::Summon.Cli.Output;

namespace Summon.Tests.CliOutput;

/// <summary>When the tool uses colour and when it rewrites a progress line in place (https://no-color.org).</summary>
public class TerminalTests
{
    private static Terminal Detect(string? noColor = null, string? term = "xterm-256color", bool outputRedirected = false, bool errorRedirected = false) =>
        Terminal.Detect(name => name switch { "NO_COLOR" => noColor, "TERM" => term, _ => null }, outputRedirected, errorRedirected);

    [Fact]
    public void ATerminalGetsColoursAndAProgressBar()
    {
        var terminal = Detect();

        Assert.True(terminal.ColorOnOutput);
        Assert.True(terminal.ColorOnError);
        Assert.True(terminal.ErrorIsInteractive);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("false")]
    public void NoColorSetToAnythingTurnsColoursOff(string value)
    {
        var terminal = Detect(noColor: value);

        Assert.False(terminal.ColorOnOutput);
        Assert.False(terminal.ColorOnError);
        Assert.True(terminal.ErrorIsInteractive);
    }

    [Fact]
    public void AnEmptyNoColorLeavesColoursOn()
    {
        Assert.True(Detect(noColor: "").ColorOnOutput);
    }

    [Fact]
    public void TermDumbGetsNeitherColoursNorABar()
    {
        var terminal = Detect(term: "dumb");

        Assert.False(terminal.ColorOnOutput);
        Assert.False(terminal.ColorOnError);
        Assert.False(terminal.ErrorIsInteractive);
    }

    [Fact]
    public void ARedirectedStreamGetsNoColourWhileTheOtherKeepsIt()
    {
        var terminal = Detect(outputRedirected: true);

        Assert.False(terminal.ColorOnOutput);
        Assert.True(terminal.ColorOnError);
    }

    [Fact]
    public void ARedirectedStandardErrorGetsPlainProgressLines()
    {
        var terminal = Detect(errorRedirected: true);

        Assert.False(terminal.ColorOnError);
        Assert.False(terminal.ErrorIsInteractive);
    }

    [Fact]
    public void APaletteWithoutColourLeavesTextAlone()
    {
        Assert.Equal("damaged", new Palette(false).Red("damaged"));
        Assert.Equal("\u001b[31mdamaged\u001b[0m", new Palette(true).Red("damaged"));
    }
}
