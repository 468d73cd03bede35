using System.CommandLine;

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
        var prefetch = WithClientOptions(new Command("prefetch", "Download a module (and its dependencies) into the cache without loading it") { prefetchModule, allFiles });
        prefetch.SetAction((parse, ct) => ExitCodes.RunAsync(async () =>
        {
            using var summoner = CreateSummoner(parse);
            var module = await summoner.PrefetchAsync(parse.GetValue(prefetchModule)!, parse.GetValue(allFiles), ct);
            Console.WriteLine($"{module.Id} {module.Version}: {module.FileCount} files, {module.TotalBytes} bytes in {module.Directory}");
            return ExitCodes.Success;
        }));

        var updateModule = new Argument<string?>("id") { Description = "The module to update (default: every cached module)", Arity = ArgumentArity.ZeroOrOne };
        var update = WithClientOptions(new Command("update", "Fetch the newest version of cached modules; the next run loads it") { updateModule });
        update.SetAction((parse, ct) => ExitCodes.RunAsync(async () =>
        {
            using var summoner = CreateSummoner(parse);
            var before = summoner.ListCached().ToLookup(m => m.Id);
            var modules = await summoner.UpdateAsync(parse.GetValue(updateModule), ct);
            foreach (var module in modules)
            {
                var had = before[module.Id].Select(m => m.Version).ToList();
                Console.WriteLine(had.Contains(module.Version)
                    ? $"{module.Id} {module.Version}: up to date"
                    : $"{module.Id}: {(had.Count > 0 ? string.Join(", ", had) : "none")} -> {module.Version}");
            }
            if (modules.Count == 0)
            {
                Console.WriteLine("The cache holds no modules; nothing to update.");
            }
            return ExitCodes.Success;
        }));

        var list = WithClientOptions(new Command("list", "List the modules in the cache"));
        list.SetAction(parse => ExitCodes.RunAsync(() =>
        {
            using var summoner = CreateSummoner(parse);
            var modules = summoner.ListCached();
            foreach (var module in modules)
            {
                Console.WriteLine($"{module.Id,-32} {module.Version,-16} {module.FileCount,5} files {module.TotalBytes,12} bytes");
            }
            if (modules.Count == 0)
            {
                Console.WriteLine($"The cache ({summoner.CacheDirectory}) holds no modules.");
            }
            return Task.FromResult(ExitCodes.Success);
        }));

        var lockCommand = WithClientOptions(new Command("lock", "Resolve the application's modules and write summon.lock.json beside summon.json (--app)"));
        lockCommand.SetAction((parse, ct) => ExitCodes.RunAsync(async () =>
        {
            using var summoner = CreateSummoner(parse);
            var written = await summoner.LockAsync(ct);
            foreach (var module in written.Modules.Values.OrderBy(m => m.Id, StringComparer.Ordinal))
            {
                Console.WriteLine($"{module.Id} {module.Version}");
            }
            return ExitCodes.Success;
        }));

        var whyModule = new Argument<string>("id") { Description = "The module to explain" };
        var why = WithClientOptions(new Command("why", "Print the chain of requirements that brings a module into the application") { whyModule });
        why.SetAction((parse, ct) => ExitCodes.RunAsync(async () =>
        {
            using var summoner = CreateSummoner(parse);
            var id = parse.GetValue(whyModule)!;
            var chain = await summoner.WhyAsync(id, ct);
            if (chain.Count == 0)
            {
                Console.Error.WriteLine($"summon: nothing the application requires brings in {id}.");
                return ExitCodes.NotFound;
            }
            foreach (var link in chain)
            {
                Console.WriteLine(link);
            }
            return ExitCodes.Success;
        }));

        return [prefetch, update, lockCommand, why, list, CacheCommands.Create()];
    }

    internal static Command WithClientOptions(Command command)
    {
        command.Options.Add(Repository);
        command.Options.Add(TrustedRoot);
        command.Options.Add(App);
        command.Options.Add(CacheDir);
        command.Options.Add(Offline);
        command.Options.Add(Locked);
        return command;
    }

    internal static Summoner CreateSummoner(ParseResult parse)
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
        options.Log = line => Console.Error.WriteLine(line);
        return new Summoner(options);
    }
}
