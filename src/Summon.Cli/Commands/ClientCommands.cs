using System.CommandLine;
using Summon.Cli.Output;

namespace Summon.Cli.Commands;

/// <summary>The commands that act on this machine's cache: prefetch, update, lock, why, list (and <see cref="CacheCommands"/>).</summary>
internal static class ClientCommands
{
    private static readonly Option<string?> Repository = new("--repository") { Description = "Repository base URL (else SUMMON_REPOSITORY, else summon.json)" };
    private static readonly Option<string?> TrustedRoot = new("--trusted-root") { Description = "The repository's trusted root.json (else SUMMON_TRUSTED_ROOT, else summon.json)" };
    private static readonly Option<string?> App = new("--app") { Description = "Application folder whose summon.json to read (default: the current folder)" };
    private static readonly Option<string?> CacheDir = new("--cache-dir") { Description = "Cache folder (else SUMMON_CACHE_DIR, else the per-user cache folder)" };
    private static readonly Option<bool> Offline = new("--offline") { Description = "Never touch the network" };
    private static readonly Option<bool> Locked = new("--locked") { Description = "Refuse any module the lock file does not name (else SUMMON_LOCKED=1)" };

    public static IEnumerable<Command> Create()
    {
        var prefetchModule = new Argument<string>("module") { Description = "id or id@range, e.g. acme.pdf or acme.pdf@[1.2,2.0)" };
        var allFiles = new Option<bool>("--all-files") { Description = "Also download the files the module fetches on first use (for use offline)" };
        var prefetch = WithClientOptions(new Command("prefetch", "Download a module (and its dependencies) into the cache without loading it; shows progress on stderr") { prefetchModule, allFiles });
        prefetch.SetAction((parse, ct) => ExitCodes.RunAsync(parse, async output =>
        {
            using var summoner = CreateSummoner(parse, output);
            ModuleInfo module;
            using (var progress = DownloadProgressView.For(output))
            {
                module = await summoner.PrefetchAsync(parse.GetValue(prefetchModule)!, parse.GetValue(allFiles), progress, ct);
            }
            if (!output.WriteJson(() => new PrefetchJson(ModuleJson.From(module)), CliJson.Output.PrefetchJson))
            {
                output.Line($"{module.Id} {module.Version}: {module.FileCount} files, {module.TotalBytes} bytes in {output.Out.Dim(module.Directory)}");
            }
            return ExitCodes.Success;
        }));

        var updateModule = new Argument<string?>("id") { Description = "The module to update (default: every cached module)", Arity = ArgumentArity.ZeroOrOne };
        var update = WithClientOptions(new Command("update", "Fetch the newest version of cached modules; the next run loads it. Shows progress on stderr") { updateModule });
        update.SetAction((parse, ct) => ExitCodes.RunAsync(parse, async output =>
        {
            using var summoner = CreateSummoner(parse, output);
            var before = summoner.ListCached().ToLookup(m => m.Id);
            IReadOnlyList<ModuleInfo> modules;
            using (var progress = DownloadProgressView.For(output))
            {
                modules = await summoner.UpdateAsync(parse.GetValue(updateModule), progress, ct);
            }
            var results = modules.Select(m => (Module: m, Had: before[m.Id].Select(b => b.Version).ToList())).ToList();
            if (output.WriteJson(() => new UpdateJson([.. results.Select(r => new UpdatedJson(r.Module.Id, r.Module.Version, !r.Had.Contains(r.Module.Version), r.Had, r.Module.Directory, r.Module.FileCount, r.Module.TotalBytes))]), CliJson.Output.UpdateJson))
            {
                return ExitCodes.Success;
            }
            foreach (var (module, had) in results)
            {
                output.Line(had.Contains(module.Version)
                    ? $"{module.Id} {module.Version}: {output.Out.Green("up to date")}"
                    : $"{module.Id}: {(had.Count > 0 ? string.Join(", ", had) : "none")} -> {output.Out.Green(module.Version)}");
            }
            if (modules.Count == 0)
            {
                output.Line("The cache holds no modules; nothing to update.");
            }
            return ExitCodes.Success;
        }));

        var list = WithClientOptions(new Command("list", "List the modules in the cache"));
        list.SetAction(parse => ExitCodes.RunAsync(parse, output =>
        {
            using var summoner = CreateSummoner(parse, output);
            var modules = summoner.ListCached();
            if (!output.WriteJson(() => new ListJson(summoner.CacheDirectory, [.. modules.Select(ModuleJson.From)]), CliJson.Output.ListJson))
            {
                foreach (var module in modules)
                {
                    output.Line($"{module.Id,-32} {module.Version,-16} {module.FileCount,5} files {module.TotalBytes,12} bytes");
                }
                if (modules.Count == 0)
                {
                    output.Line($"The cache ({summoner.CacheDirectory}) holds no modules.");
                }
            }
            return Task.FromResult(ExitCodes.Success);
        }));

        var lockCommand = WithClientOptions(new Command("lock", "Resolve the application's modules and write summon.lock.json beside summon.json (--app); shows progress on stderr"));
        lockCommand.SetAction((parse, ct) => ExitCodes.RunAsync(parse, async output =>
        {
            var options = LoadOptions(parse, output);
            using var summoner = new Summoner(options);
            Modules.LockFile written;
            using (var progress = DownloadProgressView.For(output))
            {
                written = await summoner.LockAsync(ct, progress);
            }
            var modules = written.Modules.Values.OrderBy(m => m.Id, StringComparer.Ordinal).ToList();
            if (!output.WriteJson(() => new LockJson(options.LockFilePath, [.. modules.Select(m => new LockedJson(m.Id, m.Version.ToNormalizedString(), m.ManifestSha256, m.Why))]), CliJson.Output.LockJson))
            {
                foreach (var module in modules)
                {
                    output.Line($"{module.Id} {module.Version}");
                }
            }
            return ExitCodes.Success;
        }));

        var whyModule = new Argument<string>("id") { Description = "The module to explain" };
        var why = WithClientOptions(new Command("why", "Print the chain of requirements that brings a module into the application") { whyModule });
        why.SetAction((parse, ct) => ExitCodes.RunAsync(parse, async output =>
        {
            using var summoner = CreateSummoner(parse, output);
            var id = parse.GetValue(whyModule)!;
            var chain = await summoner.WhyAsync(id, ct);
            if (chain.Count == 0)
            {
                return output.Fail(ExitCodes.NotFound, $"nothing the application requires brings in {id}.");
            }
            if (!output.WriteJson(() => new WhyJson(id, chain), CliJson.Output.WhyJson))
            {
                foreach (var link in chain)
                {
                    output.Line(link);
                }
            }
            return ExitCodes.Success;
        }));

        return [prefetch, update, lockCommand, why, list, CacheCommands.Create()];
    }

    /// <summary>Adds the options every client command shares, <c>--json</c> and <c>--quiet</c> among them.</summary>
    internal static Command WithClientOptions(Command command)
    {
        command.Options.Add(Repository);
        command.Options.Add(TrustedRoot);
        command.Options.Add(App);
        command.Options.Add(CacheDir);
        command.Options.Add(Offline);
        command.Options.Add(Locked);
        return CommandOutput.WithJson(command, quiet: true);
    }

    internal static Summoner CreateSummoner(ParseResult parse, CommandOutput output) => new(LoadOptions(parse, output));

    private static SummonOptions LoadOptions(ParseResult parse, CommandOutput output)
    {
        var options = SummonOptions.Load(Path.GetFullPath(parse.GetValue(App) ?? "."));
        if (parse.GetValue(Repository) is { } repository)
        {
            options.Repository = ConfigFile.ParseRepository(repository, "--repository");
        }
        if (parse.GetValue(TrustedRoot) is { } trustedRoot)
        {
            options.TrustedRootPath = Path.GetFullPath(trustedRoot);
        }
        if (parse.GetValue(CacheDir) is { } cacheDir)
        {
            options.CacheDirectory = cacheDir;
        }
        if (parse.GetValue(Offline))
        {
            options.Offline = true;
        }
        if (parse.GetValue(Locked))
        {
            options.Locked = true;
        }
        options.Log = output.Note;
        return options;
    }
}
