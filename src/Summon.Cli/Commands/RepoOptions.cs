using System.CommandLine;
using System.Globalization;
using Summon.Cli.Output;
using Summon.Publishing;
using Summon.Publishing.Keys;

namespace Summon.Cli.Commands;

/// <summary>The options every repository-editing command shares, and the parsing of their values.</summary>
internal static class RepoOptions
{
    public static Option<string> Repo() => new("--repo") { Description = "The repository folder (the one `summon serve` serves)", Required = true };

    public static Option<string> Keys() => new("--keys") { Description = "The folder of private signing keys (never inside the repository)", Required = true };

    public static Option<string?> KeyType() => new("--key-type") { Description = "Key type for new keys: ecdsa (default), ed25519 or rsa" };

    public static SigningKeyType? ParseKeyType(string? text) => text?.ToLowerInvariant() switch
    {
        null => null,
        "ecdsa" or "ecdsa-sha2-nistp256" => SigningKeyType.Ecdsa,
        "ed25519" => SigningKeyType.Ed25519,
        "rsa" or "rsassa-pss-sha256" => SigningKeyType.Rsa,
        _ => throw new SummonConfigurationException($"'{text}' is not a key type: use ecdsa, ed25519 or rsa."),
    };

    /// <summary>Reads <c>role=N</c> pairs, as in <c>--threshold root=2</c>.</summary>
    public static Dictionary<string, int> ParseRoleCounts(IEnumerable<string>? values, string option)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var value in values ?? [])
        {
            var parts = value.Split('=', 2);
            if (parts.Length != 2 || parts[0] is not ("root" or "targets" or "snapshot" or "timestamp")
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 100)
            {
                throw new SummonConfigurationException($"{option} {value}: write role=N with a role of root, targets, snapshot or timestamp and N from 1 to 100 (for example {option} root=2).");
            }
            result[parts[0]] = n;
        }
        return result;
    }

    /// <summary>Reads a duration such as <c>12h</c>, <c>3d</c> or <c>30m</c>.</summary>
    public static TimeSpan? ParseDuration(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }
        if (text.Length >= 2 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0 && n < 100_000)
        {
            switch (text[^1])
            {
                case 'm':
                    return TimeSpan.FromMinutes(n);
                case 'h':
                    return TimeSpan.FromHours(n);
                case 'd':
                    return TimeSpan.FromDays(n);
            }
        }
        throw new SummonConfigurationException($"{option} {text}: write a duration such as 30m, 12h or 3d.");
    }

    public static RepositoryEditor Open(ParseResult parse, Option<string> repo, Option<string> keys) =>
        RepositoryEditor.Open(parse.GetValue(repo)!, parse.GetValue(keys)!);

    public static void PrintRootChange(CommandOutput output, RootChange change, string keysDirectory)
    {
        output.Line(change.Published
            ? $"Published root version {change.Version}."
            : $"Root version {change.Version} needs {change.MissingSignatures} more root key signature(s); it waits in {Path.Combine(Path.GetFullPath(keysDirectory), "pending")}. Run `summon repo sign-root --key <root-key-file>` with each missing key.");
    }
}
