using System.CommandLine;
using System.Globalization;
using Summon.Cli.Output;

namespace Summon.Cli.Commands;

/// <summary><c>summon cache dir|clear|verify|prune</c>: inspect and look after this machine's cache.</summary>
internal static class CacheCommands
{
    public static Command Create()
    {
        var dir = ClientCommands.WithClientOptions(new Command("dir", "Print the cache folder"));
        dir.SetAction(parse => ExitCodes.RunAsync(parse, output =>
        {
            using var summoner = ClientCommands.CreateSummoner(parse, output);
            if (!output.WriteJson(() => new CacheDirectoryJson(summoner.CacheDirectory), CliJson.Output.CacheDirectoryJson))
            {
                output.Line(summoner.CacheDirectory);
            }
            return Task.FromResult(ExitCodes.Success);
        }));

        var clear = ClientCommands.WithClientOptions(new Command("clear", "Remove every cached module and the cached repository metadata (safe while other processes load)"));
        clear.SetAction(parse => ExitCodes.RunAsync(parse, output =>
        {
            using var summoner = ClientCommands.CreateSummoner(parse, output);
            var count = summoner.ListCached().Count;
            summoner.ClearCache();
            if (!output.WriteJson(() => new ClearJson(summoner.CacheDirectory, count), CliJson.Output.ClearJson))
            {
                output.Line($"Cleared {summoner.CacheDirectory} ({count} module versions).");
            }
            return Task.FromResult(ExitCodes.Success);
        }));

        var noRepair = new Option<bool>("--no-repair") { Description = "Only report damaged module versions; by default they are removed so the next import fetches them again" };
        var verify = ClientCommands.WithClientOptions(new Command("verify", "Re-hash every cached file against its install record; exit 1 if any module version is damaged") { noRepair });
        verify.SetAction(parse => ExitCodes.RunAsync(parse, output =>
        {
            using var summoner = ClientCommands.CreateSummoner(parse, output);
            var result = summoner.VerifyCache(repair: !parse.GetValue(noRepair));
            if (!output.WriteJson(() => new VerifyJson(summoner.CacheDirectory, result.Checked, [.. result.Damaged.Select(d => new DamagedJson(d.ModuleId, d.Version, d.Problem, d.Removed))], result.LeftoversRemoved), CliJson.Output.VerifyJson))
            {
                foreach (var damaged in result.Damaged)
                {
                    output.Line($"{output.Out.Red("damaged")}: {damaged.ModuleId} {damaged.Version}: {damaged.Problem}{(damaged.Removed ? "; removed, the next import fetches it again" : "")}");
                }
                output.Line($"Verified {result.Checked} module versions in {summoner.CacheDirectory}: {(result.Damaged.Count > 0 ? output.Out.Red($"{result.Damaged.Count} damaged") : output.Out.Green("0 damaged"))}"
                    + (result.LeftoversRemoved > 0 ? $", {result.LeftoversRemoved} leftovers of interrupted installs removed." : "."));
            }
            return Task.FromResult(result.Damaged.Count > 0 ? ExitCodes.Failure : ExitCodes.Success);
        }));

        var olderThan = new Option<string>("--older-than") { Description = "Remove versions not loaded for this long: 30d (the default), 12h, 90m", DefaultValueFactory = _ => "30d" };
        var prune = ClientCommands.WithClientOptions(new Command("prune", "Remove module versions unused for a while, except those the application's lock file (--app) names") { olderThan });
        prune.SetAction(parse => ExitCodes.RunAsync(parse, output =>
        {
            var unusedFor = ParseAge(parse.GetValue(olderThan)!);
            using var summoner = ClientCommands.CreateSummoner(parse, output);
            var result = summoner.PruneCache(unusedFor);
            var bytes = result.Removed.Sum(r => r.Bytes);
            if (!output.WriteJson(() => new PruneJson(summoner.CacheDirectory, [.. result.Removed.Select(r => new PrunedJson(r.Id, r.Version, r.Bytes))], bytes, result.Kept, result.LeftoversRemoved), CliJson.Output.PruneJson))
            {
                foreach (var (id, version, _) in result.Removed)
                {
                    output.Line($"{output.Out.Yellow("removed")}: {id} {version}");
                }
                output.Line($"Pruned {result.Removed.Count} module versions ({bytes} bytes); kept {result.Kept}.");
            }
            return Task.FromResult(ExitCodes.Success);
        }));

        return new Command("cache", "Inspect and manage the cache") { dir, clear, verify, prune };
    }

    /// <summary>A duration as people write it: a number and d, h or m.</summary>
    private static TimeSpan ParseAge(string text)
    {
        var unit = text.Length > 0 ? text[^1] : ' ';
        if (double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= 0)
        {
            switch (unit)
            {
                case 'd': return TimeSpan.FromDays(number);
                case 'h': return TimeSpan.FromHours(number);
                case 'm': return TimeSpan.FromMinutes(number);
            }
        }
        throw new SummonConfigurationException($"--older-than {text} is not a duration: write a number and d, h or m, such as 30d.");
    }
}
