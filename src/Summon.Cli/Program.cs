using System.CommandLine;
using Summon.Cli.Commands;

var root = new RootCommand("""
    summon: fetch, verify, cache and load .NET modules on first use, and publish them to a signed repository.

    Client commands find the repository and its trusted root in this order: --repository / --trusted-root,
    then SUMMON_REPOSITORY / SUMMON_TRUSTED_ROOT, then summon.json in the application folder (--app, default:
    the current folder). The cache is the per-user cache folder unless --cache-dir or SUMMON_CACHE_DIR says otherwise.

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
return await root.Parse(args).InvokeAsync();
