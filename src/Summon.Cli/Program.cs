using System.CommandLine;
using Summon.Cli;
using Summon.Cli.Commands;
using Summon.Cli.Output;

var root = new RootCommand("""
    summon: fetch, verify, cache and load .NET modules on first use, and publish them to a signed repository.

    Client commands find the repository and its trusted root in this order: --repository / --trusted-root,
    then SUMMON_REPOSITORY / SUMMON_TRUSTED_ROOT, then summon.json in the application folder (--app, default:
    the current folder). The cache is the per-user cache folder unless --cache-dir or SUMMON_CACHE_DIR says otherwise.

    Output: results on stdout; notes, progress and errors on stderr. --json prints the result as one JSON document
    (a failure as {"error": {"exitCode", "kind", "message"}}, with the same exit code). Downloads show a progress
    bar on a terminal and one line per file when stderr is redirected; --quiet and --json show none. Colours only
    on a terminal, never with NO_COLOR set or TERM=dumb.

    Exit codes: 0 success, 1 failure, 2 bad usage or configuration, 3 repository unreachable,
    4 verification refused, 5 module or version not found.
    """);
foreach (var command in ClientCommands.Create())
{
    root.Subcommands.Add(command);
}
root.Subcommands.Add(RepoCommands.Create());
root.Subcommands.Add(PublishCommand.Create());
root.Subcommands.Add(PublishCommand.CreateRevoke());
root.Subcommands.Add(ServeCommand.Create());

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // Bad usage is exit code 2, like a bad configuration, and reads like every other error (no help page dumped).
    var output = CommandOutput.For(parse);
    var command = string.Join(' ', ["summon", .. CommandPath(parse)]);
    return output.Fail(ExitCodes.Usage, $"{string.Join(" ", parse.Errors.Select(e => e.Message))} See `{command} --help`.");
}
return await parse.InvokeAsync();

// The subcommand names below the root, as typed: "cache prune".
static IEnumerable<string> CommandPath(ParseResult parse)
{
    var names = new Stack<string>();
    for (var result = parse.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
    {
        names.Push(result.Command.Name);
    }
    return names;
}
