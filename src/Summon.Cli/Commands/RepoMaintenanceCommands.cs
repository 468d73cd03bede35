using System.CommandLine;
using System.Globalization;
using Summon.Cli.Output;
using Summon.Publishing;

namespace Summon.Cli.Commands;

/// <summary><c>summon repo refresh|rotate|sign-root</c>: keeping metadata fresh and keys current.</summary>
internal static class RepoMaintenanceCommands
{
    public static Command Refresh()
    {
        var repo = RepoOptions.Repo();
        var keys = RepoOptions.Keys();
        var within = new Option<string?>("--within") { Description = "Re-sign roles expiring within this time (e.g. 12h, 3d); default: half of each role's lifetime" };
        var command = CommandOutput.WithJson(new Command("refresh", "Re-sign the metadata that is about to expire (run it on a schedule)") { repo, keys, within });
        command.SetAction(parse => ExitCodes.RunAsync(parse, output =>
        {
            var duration = RepoOptions.ParseDuration(parse.GetValue(within), "--within");
            using var editor = RepoOptions.Open(parse, repo, keys);
            var renewed = editor.Refresh(duration);
            // A role whose key is kept elsewhere cannot be renewed here; a scheduled refresh must fail loudly rather
            // than let it expire, which would stop every client.
            if (editor.ExpiringWithoutKeys(duration) is { Count: > 0 } unsigned)
            {
                var roles = string.Join(", ", unsigned.Select(u => string.Create(CultureInfo.InvariantCulture, $"'{u.Role}' (expires {u.Expires.UtcDateTime:yyyy-MM-dd HH:mm} UTC)")));
                var meanwhile = renewed.Count > 0 ? $" Re-signed meanwhile: {string.Join(", ", renewed)}." : "";
                throw new PublishingException(
                    $"Cannot re-sign {roles}: the key(s) are not in {Path.GetFullPath(parse.GetValue(keys)!)}. Run `summon repo refresh --keys <folder with those keys>` where they are kept, before they expire.{meanwhile}");
            }
            if (!output.WriteJson(() => new RefreshJson(renewed), CliJson.Output.RefreshJson))
            {
                output.Line(renewed.Count == 0 ? "Nothing is about to expire." : $"Re-signed: {string.Join(", ", renewed)}.");
            }
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    public static Command Rotate()
    {
        var role = new Argument<string>("role") { Description = "root, targets, snapshot, timestamp or a delegated role" };
        var repo = RepoOptions.Repo();
        var keys = RepoOptions.Keys();
        var keyType = RepoOptions.KeyType();
        keyType.Description = "Key type for the new keys (default: the type of the keys they replace)";
        var command = new Command("rotate", "Replace a role's keys with new ones; writes the next root signed by old and new root keys") { role, repo, keys, keyType };
        command.SetAction(parse => ExitCodes.RunAsync(parse, output =>
        {
            using var editor = RepoOptions.Open(parse, repo, keys);
            var change = editor.RotateKeys(parse.GetValue(role)!, RepoOptions.ParseKeyType(parse.GetValue(keyType)));
            var rotated = parse.GetValue(role)!;
            output.Line($"New keys for '{rotated}' are in {Path.GetFullPath(parse.GetValue(keys)!)}.");
            if (change is not null)
            {
                RepoOptions.PrintRootChange(output, change, parse.GetValue(keys)!);
            }
            else if (editor.HashBinsSharingKeys(rotated) is > 0 and var bins)
            {
                output.Line($"'{rotated}' is one of {bins} hashed bins that share one set of keys: published their delegation with the new keys and re-signed every bin.");
            }
            else
            {
                output.Line($"Published the delegation of '{rotated}' with its new keys.");
            }
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    public static Command SignRoot()
    {
        var repo = RepoOptions.Repo();
        var keys = RepoOptions.Keys();
        var key = new Option<string>("--key") { Description = "A root private key file kept outside the keys folder", Required = true };
        var command = new Command("sign-root", "Sign the waiting (or a new) root version with an offline root key; publish it once enough keys signed") { repo, keys, key };
        command.SetAction(parse => ExitCodes.RunAsync(parse, output =>
        {
            using var editor = RepoOptions.Open(parse, repo, keys);
            RepoOptions.PrintRootChange(output, editor.SignRoot(parse.GetValue(key)!), parse.GetValue(keys)!);
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }
}
