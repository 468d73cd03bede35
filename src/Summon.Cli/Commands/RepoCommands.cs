using System.CommandLine;
using Summon.Publishing;

namespace Summon.Cli.Commands;

/// <summary><c>summon repo …</c>: create a repository and maintain its metadata and keys.</summary>
internal static class RepoCommands
{
    public static Command Create()
    {
        var repo = new Command("repo", "Create and maintain a signed (TUF) module repository");
        repo.Subcommands.Add(Init());
        repo.Subcommands.Add(RepoMaintenanceCommands.Refresh());
        repo.Subcommands.Add(RepoMaintenanceCommands.Rotate());
        repo.Subcommands.Add(RepoMaintenanceCommands.SignRoot());
        repo.Subcommands.Add(RepoTargetCommands.AddTarget());
        repo.Subcommands.Add(RepoTargetCommands.RemoveTarget());
        repo.Subcommands.Add(RepoDelegateCommands.Delegate());
        repo.Subcommands.Add(RepoDelegateCommands.DelegateBins());
        repo.Subcommands.Add(PublishCommand.CreateRevoke());
        return repo;
    }

    private static Command Init()
    {
        var directory = new Argument<string>("repo-dir") { Description = "The folder to create the repository in (it is what gets served)" };
        var keys = RepoOptions.Keys();
        keys.Description = "The folder to write the private keys to (created owner-only; never inside the repository)";
        var keyType = RepoOptions.KeyType();
        var threshold = new Option<string[]>("--threshold") { Description = "Signatures a role needs, as role=N (repeatable; default 1)", AllowMultipleArgumentsPerToken = true };
        var keysPerRole = new Option<string[]>("--keys-per-role") { Description = "Keys generated for a role, as role=N (repeatable; default: its threshold)", AllowMultipleArgumentsPerToken = true };
        var rootKeys = new Option<string?>("--root-keys") { Description = "Write the root keys to this folder instead, to keep them offline" };
        var command = new Command("init", "Create a repository: new signing keys and the first signed metadata") { directory, keys, keyType, threshold, keysPerRole, rootKeys };
        command.SetAction(parse => ExitCodes.RunAsync(parse, output =>
        {
            var options = new RepositoryInitOptions
            {
                KeyType = RepoOptions.ParseKeyType(parse.GetValue(keyType)) ?? Publishing.Keys.SigningKeyType.Ecdsa,
                Thresholds = RepoOptions.ParseRoleCounts(parse.GetValue(threshold), "--threshold"),
                KeysPerRole = RepoOptions.ParseRoleCounts(parse.GetValue(keysPerRole), "--keys-per-role"),
                RootKeysDirectory = parse.GetValue(rootKeys),
            };
            using var editor = RepositoryEditor.Init(parse.GetValue(directory)!, parse.GetValue(keys)!, options);
            var rootJson = Path.Combine(editor.RepositoryDirectory, "metadata", "root.json");
            output.Line($"Initialized {editor.RepositoryDirectory}; keys in {Path.GetFullPath(parse.GetValue(keys)!)}.");
            output.Line($"Clients trust {rootJson} (pass it as --trusted-root or SUMMON_TRUSTED_ROOT).");
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }
}
