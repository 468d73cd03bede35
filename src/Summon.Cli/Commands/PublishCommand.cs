using System.CommandLine;
using Summon.Cli.Output;

namespace Summon.Cli.Commands;

/// <summary><c>summon publish</c> and <c>summon revoke</c>: adding module versions to a repository and withdrawing them.</summary>
internal static class PublishCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("dir") { Description = "The module's files (a build output folder)" };
        var id = new Option<string>("--id") { Description = "Module id (lowercase, e.g. acme.pdf)", Required = true };
        var version = new Option<string>("--version") { Description = "SemVer 2.0 version, e.g. 1.2.3", Required = true };
        var depends = new Option<string[]>("--depends") { Description = "A dependency as id@range, e.g. acme.core@[1.0,2.0) (repeatable)", AllowMultipleArgumentsPerToken = true };
        var lazy = new Option<string[]>("--lazy") { Description = "Data files fetched on first use rather than at install: a path, dir/** or a * pattern (repeatable)", AllowMultipleArgumentsPerToken = true };
        var repo = RepoOptions.Repo();
        var keys = RepoOptions.Keys();
        var command = CommandOutput.WithJson(new Command("publish", "Publish a folder of files (lib/<tfm>/ and runtimes/<rid>/native/ are understood) or a .nupkg as a new module version, and re-sign the repository") { directory, id, version, depends, lazy, repo, keys });
        command.SetAction(parse => ExitCodes.RunAsync(parse, output =>
        {
            var dependencies = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var dependency in parse.GetValue(depends) ?? [])
            {
                var (depId, range) = SplitAt(dependency, "--depends", "acme.core@[1.0,2.0)");
                dependencies[depId] = range;
            }
            using var editor = RepoOptions.Open(parse, repo, keys);
            var module = editor.Publish(parse.GetValue(directory)!, parse.GetValue(id)!, parse.GetValue(version)!, dependencies, parse.GetValue(lazy));
            if (!output.WriteJson(() => new PublishJson(module.Id, module.Version, module.FileCount, module.TotalBytes, module.Assemblies), CliJson.Output.PublishJson))
            {
                output.Line($"Published {module.Id} {module.Version}: {module.FileCount} files, {module.TotalBytes} bytes"
                    + (module.Assemblies.Count > 0 ? $", assemblies {string.Join(", ", module.Assemblies)}." : "."));
            }
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    public static Command CreateRevoke()
    {
        var module = new Argument<string>("module") { Description = "The version to revoke, as id@version (e.g. acme.pdf@1.2.3)" };
        var reason = new Option<string>("--reason") { Description = "Why: clients show it to their users", Required = true };
        var repo = RepoOptions.Repo();
        var keys = RepoOptions.Keys();
        var command = new Command("revoke", "Revoke a published module version; clients stop using it") { module, reason, repo, keys };
        command.SetAction(parse => ExitCodes.RunAsync(parse, output =>
        {
            var (id, version) = SplitAt(parse.GetValue(module)!, "revoke", "acme.pdf@1.2.3");
            using var editor = RepoOptions.Open(parse, repo, keys);
            editor.Revoke(id, version, parse.GetValue(reason)!);
            output.Line($"Revoked {id} {version}.");
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static (string Left, string Right) SplitAt(string value, string what, string example)
    {
        var at = value.IndexOf('@');
        if (at <= 0 || at == value.Length - 1)
        {
            throw new SummonConfigurationException($"{what} {value}: write id@version (for example {example}).");
        }
        return (value[..at], value[(at + 1)..]);
    }
}
