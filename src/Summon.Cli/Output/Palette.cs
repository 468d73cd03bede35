namespace Summon.Cli.Output;

/// <summary>The few colours the tool uses, for one stream; without colour every method returns its text unchanged.</summary>
internal sealed class Palette(bool enabled)
{
    /// <summary>Errors and damage.</summary>
    public string Red(string text) => Paint("31", text);

    /// <summary>Success: up to date, a new version.</summary>
    public string Green(string text) => Paint("32", text);

    /// <summary>Something was removed or needs attention.</summary>
    public string Yellow(string text) => Paint("33", text);

    /// <summary>Secondary detail, such as folders and sizes.</summary>
    public string Dim(string text) => Paint("2", text);

    private string Paint(string code, string text) => enabled ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
