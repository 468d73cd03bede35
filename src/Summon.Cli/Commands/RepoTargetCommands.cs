using System.CommandLine;

namespace Summon.Cli.Commands;

/// <summary><c>summon repo add-target|remove-target</c>: targets that are not modules.</summary>
internal static class RepoTargetCommands
{
    public static Command AddTarget()
    {
        var path = new Argument<string>("target-path") { Description = "The target's path in the repository, e.g. docs/readme.txt" };
        var file = new Argument<string>("file") { Description = "The file to publish at that path" };
        var repo = RepoOptions.Repo();
        var keys = RepoOptions.Keys();
        var command = new Command("add-target", "Add or replace one target file and re-sign") { path, file, repo, keys };
        command.SetAction(parse => ExitCodes.RunAsync(parse, output =>
        {
            using var editor = RepoOptions.Open(parse, repo, keys);
            editor.AddTarget(parse.GetValue(path)!, parse.GetValue(file)!);
            output.Line($"Added {parse.GetValue(path)}.");
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    public static Command RemoveTarget()
    {
        var path = new Argument<string>("target-path") { Description = "The target's path in the repository" };
        var repo = RepoOptions.Repo();
        var keys = RepoOptions.Keys();
        var command = new Command("remove-target", "Remove one target from the metadata and re-sign (its file stays for clients mid-update)") { path, repo, keys };
        command.SetAction(parse => ExitCodes.RunAsync(parse, output =>
        {
            using var editor = RepoOptions.Open(parse, repo, keys);
            if (!editor.RemoveTarget(parse.GetValue(path)!))
            {
                return Task.FromResult(output.Fail(ExitCodes.NotFound, $"the repository has no target {parse.GetValue(path)}."));
            }
            output.Line($"Removed {parse.GetValue(path)}.");
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }
}
