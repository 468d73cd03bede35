namespace Summon.ConformanceClient;

/// <summary>The tuf-conformance client protocol's arguments (CLIENT-CLI.md), parsed by hand: options in any order, then the command.</summary>
internal sealed class CommandLine
{
    public string? MetadataDir { get; private set; }

    public Uri? MetadataUrl { get; private set; }

    public List<string> TargetNames { get; } = [];

    public Uri? TargetBaseUrl { get; private set; }

    public string? TargetDir { get; private set; }

    public int? MaxRootRotations { get; private set; }

    public int DaysInFuture { get; private set; }

    public string? Command { get; private set; }

    public List<string> Operands { get; } = [];

    public static CommandLine Parse(string[] args)
    {
        var line = new CommandLine();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new UsageException($"{arg} needs a value");
            var (name, inline) = arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=')
                ? (arg[..arg.IndexOf('=')], arg[(arg.IndexOf('=') + 1)..])
                : (arg, null);
            string Next() => inline ?? Value();
            switch (name)
            {
                case "--metadata-dir":
                    line.MetadataDir = Next();
                    break;
                case "--metadata-url":
                    line.MetadataUrl = ParseUrl(name, Next());
                    break;
                case "--target-name":
                    line.TargetNames.Add(Next());
                    break;
                case "--target-base-url":
                    line.TargetBaseUrl = ParseUrl(name, Next());
                    break;
                case "--target-dir":
                    line.TargetDir = Next();
                    break;
                case "--max-root-rotations":
                    line.MaxRootRotations = int.TryParse(Next(), out var rotations) && rotations > 0 ? rotations : throw new UsageException("--max-root-rotations needs a positive number");
                    break;
                case "--days-in-future":
                    line.DaysInFuture = int.TryParse(Next(), out var days) ? days : throw new UsageException("--days-in-future needs a number");
                    break;
                case "-v" or "-vv" or "-vvv" or "--verbose":
                    break;
                default:
                    if (arg.StartsWith('-'))
                    {
                        throw new UsageException($"unknown option {arg}");
                    }
                    if (line.Command is null)
                    {
                        line.Command = arg;
                    }
                    else
                    {
                        line.Operands.Add(arg);
                    }
                    break;
            }
        }
        return line;
    }

    public string Require(string? value, string option) => value ?? throw new UsageException($"{Command} needs {option}");

    public Uri Require(Uri? value, string option) => value ?? throw new UsageException($"{Command} needs {option}");

    private static Uri ParseUrl(string option, string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new UsageException($"{option} must be an http(s) URL, not \"{text}\"");
}

/// <summary>The command line itself is wrong.</summary>
internal sealed class UsageException(string message) : Exception(message);
