namespace Summon.Cli.Output;

/// <summary>
/// What the process's console can show, decided once: colours only on a terminal, never when a stream is
/// redirected, never with <c>NO_COLOR</c> set to anything (https://no-color.org) or <c>TERM=dumb</c>; a progress bar
/// rewritten in place only when standard error is a terminal that is not dumb.
/// </summary>
internal sealed record Terminal(bool ColorOnOutput, bool ColorOnError, bool ErrorIsInteractive, Func<int> Width)
{
    public const int DefaultWidth = 80;

    public static Terminal Detect() => Detect(
        Environment.GetEnvironmentVariable,
        outputRedirected: Console.IsOutputRedirected,
        errorRedirected: Console.IsErrorRedirected);

    public static Terminal Detect(Func<string, string?> environment, bool outputRedirected, bool errorRedirected)
    {
        var dumb = string.Equals(environment("TERM"), "dumb", StringComparison.Ordinal);
        var colorAllowed = string.IsNullOrEmpty(environment("NO_COLOR")) && !dumb;
        return new Terminal(
            ColorOnOutput: colorAllowed && !outputRedirected,
            ColorOnError: colorAllowed && !errorRedirected,
            ErrorIsInteractive: !errorRedirected && !dumb,
            Width: ConsoleWidth);
    }

    private static int ConsoleWidth()
    {
        try
        {
            // A pseudo-terminal nobody sized reports 0.
            return Console.WindowWidth is > 0 and var width ? width : DefaultWidth;
        }
        catch (IOException)
        {
            return DefaultWidth;
        }
        catch (PlatformNotSupportedException)
        {
            return DefaultWidth;
        }
    }
}
