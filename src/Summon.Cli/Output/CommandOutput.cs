using System.CommandLine;
using System.Text.Json.Serialization.Metadata;

namespace Summon.Cli.Output;

/// <summary>
/// Where one command's output goes and how it looks: results on standard output (text, or one JSON document with
/// <c>--json</c>), notes, progress and errors on standard error, colours only where <see cref="Terminal"/> allows.
/// </summary>
internal sealed class CommandOutput(bool json, bool quiet, Terminal terminal, TextWriter output, TextWriter error)
{
    public static readonly Option<bool> JsonOption = new("--json")
    {
        Description = "Print the result as one JSON document on stdout (camelCase names; failures as {\"error\": …} with the same exit code); no progress",
    };

    public static readonly Option<bool> QuietOption = new("--quiet", "-q")
    {
        Description = "No progress and no notes on stderr; the result and errors still print",
    };

    /// <summary>The result is JSON: no text on standard output but the one document.</summary>
    public bool Json { get; } = json;

    /// <summary>Nothing on standard error but errors.</summary>
    public bool Quiet { get; } = quiet;

    public Terminal Terminal { get; } = terminal;

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Colours for <see cref="Output"/>.</summary>
    public Palette Out { get; } = new(terminal.ColorOnOutput);

    /// <summary>Colours for <see cref="Error"/>.</summary>
    public Palette Err { get; } = new(terminal.ColorOnError);

    /// <summary>The options of the command being run, on the process's console.</summary>
    public static CommandOutput For(ParseResult parse) =>
        new(parse.GetValue(JsonOption), parse.GetValue(QuietOption), Terminal.Detect(), Console.Out, Console.Error);

    /// <summary>Adds <c>--json</c> (and <c>--quiet</c>, for commands that download) to a command.</summary>
    public static Command WithJson(Command command, bool quiet = false)
    {
        command.Options.Add(JsonOption);
        if (quiet)
        {
            command.Options.Add(QuietOption);
        }
        return command;
    }

    /// <summary>One line of the text result; nothing in JSON mode.</summary>
    public void Line(string text)
    {
        if (!Json)
        {
            Output.WriteLine(text);
        }
    }

    /// <summary>The JSON result, when <c>--json</c> asked for it; returns whether it was written.</summary>
    public bool WriteJson<T>(Func<T> document, JsonTypeInfo<T> type)
    {
        if (Json)
        {
            Output.WriteLine(System.Text.Json.JsonSerializer.Serialize(document(), type));
        }
        return Json;
    }

    /// <summary>The progress view showing downloads on <see cref="Error"/>, while there is one.</summary>
    public DownloadProgressView? Progress { get; set; }

    /// <summary>A note for a person on standard error (what the runtime logs); none with <c>--quiet</c>.</summary>
    public void Note(string text)
    {
        if (Quiet)
        {
            return;
        }
        if (Progress is { } progress)
        {
            progress.WriteLine(text);
        }
        else
        {
            Error.WriteLine(text);
        }
    }

    /// <summary>
    /// Reports a failure: one line on standard error (red on a terminal) and, in JSON mode, an error document on
    /// standard output so a script always reads one document. Returns <paramref name="exitCode"/>.
    /// </summary>
    public int Fail(int exitCode, string message, string? kind = null)
    {
        var line = $"summon: {message}";
        Error.WriteLine(Err.Red(line));
        WriteJson(() => new ErrorJson(new ErrorDetailJson(exitCode, kind ?? ExitCodes.Kind(exitCode), message)), CliJson.Output.ErrorJson);
        return exitCode;
    }
}
