using System.CommandLine;
using Summon.Cli.Output;

namespace Summon.Cli.Commands;

/// <summary><c>summon repo delegate|delegate-bins</c>: handing parts of the repository to other keys.</summary>
internal static class RepoDelegateCommands
{
    public static Command Delegate()
    {
        var role = new Argument<string>("role") { Description = "The delegated role's name" };
        var paths = new Option<string[]>("--path") { Description = "Target path pattern it may sign ('*' matches within one path segment; repeatable)", Required = true, AllowMultipleArgumentsPerToken = true };
        var publicKeys = new Option<string[]>("--public-key") { Description = "Key file (public part is enough) of the role's publisher (repeatable); default: a new key in --keys", AllowMultipleArgumentsPerToken = true };
        var threshold = new Option<int>("--threshold") { Description = "Signatures the role needs (default 1)", DefaultValueFactory = _ => 1 };
        var terminating = new Option<bool>("--terminating") { Description = "Clients stop searching at this role for paths it matches" };
        var from = new Option<string>("--from") { Description = "The role that delegates (default: targets)", DefaultValueFactory = _ => "targets" };
        var repo = RepoOptions.Repo();
        var keys = RepoOptions.Keys();
        var command = new Command("delegate", "Delegate target paths to another role and its keys") { role, paths, publicKeys, threshold, terminating, from, repo, keys };
        command.SetAction(parse => ExitCodes.RunAsync(parse, output =>
        {
            using var editor = RepoOptions.Open(parse, repo, keys);
            editor.Delegate(parse.GetValue(role)!, parse.GetValue(paths) ?? [], parse.GetValue(publicKeys), parse.GetValue(threshold), parse.GetValue(terminating), parse.GetValue(from)!);
            output.Line($"Delegated {string.Join(", ", parse.GetValue(paths) ?? [])} from {parse.GetValue(from)} to '{parse.GetValue(role)}'.");
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    public static Command DelegateBins()
    {
        var count = new Argument<int>("count") { Description = "Number of bins, a power of two (e.g. 16, 256)" };
        var from = new Option<string>("--from") { Description = "The role whose targets the bins take; it may not delegate to named roles (default: targets)", DefaultValueFactory = _ => "targets" };
        var repo = RepoOptions.Repo();
        var keys = RepoOptions.Keys();
        var command = CommandOutput.WithJson(new Command("delegate-bins", "Spread the targets over hashed-bin roles (TUF succinct delegation) so no targets file grows with the repository") { count, from, repo, keys });
        command.SetAction(parse => ExitCodes.RunAsync(parse, output =>
        {
            using var editor = RepoOptions.Open(parse, repo, keys);
            var bins = editor.DelegateHashBins(parse.GetValue(count), parse.GetValue(from)!);
            if (!output.WriteJson(() => new DelegateBinsJson(bins), CliJson.Output.DelegateBinsJson))
            {
                output.Line($"'{parse.GetValue(from)}' now delegates to {bins.Count} hashed bins ({bins[0]} … {bins[^1]}), signed by one new key in {Path.GetFullPath(parse.GetValue(keys)!)}.");
            }
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }
}
