namespace Summon.Loading;

/// <summary>
/// What the process-wide resolve hook asks when the <see cref="WarmStart"/> records of earlier answers (if the entry
/// point allows them) had no answer: the <see cref="WarmLocator"/> for modules already cached, then a
/// <see cref="Summoner"/> for everything else; the locator leaves a record for the next process. Each is made on
/// first need, from the settings the entry point supplied.
/// Plain fields under a lock rather than <see cref="Lazy{T}"/> and closures: this runs while a process starts, where
/// every generic instantiation and delegate type is one more thing for the runtime to load and compile.
/// </summary>
internal sealed class HookedResolver(Func<HookSettings?> warmSettings, Func<Summoner> makeSummoner, WarmStart? start)
{
    private static readonly TimeSpan FreshnessCheckGraceAtExit = TimeSpan.FromSeconds(1);

    private readonly object gate = new();
    private bool warmMade;
    private HookSettings? settings;
    private WarmLocator? warm;
    private Summoner? summoner;
    private bool makingSummoner;
    private int freshnessCheckStarted;

    /// <summary>
    /// The file that provides <paramref name="assemblyName"/>, fetching its module if need be; null when Summon provides
    /// nothing by that name. The warm start's records are asked before this (<see cref="AssemblyResolveHook"/>).
    /// </summary>
    public string? Locate(string assemblyName)
    {
        if (Warm() is { } locator)
        {
            switch (locator.Locate(assemblyName, out var path))
            {
                case WarmAnswer.Found:
                    if (Volatile.Read(ref freshnessCheckStarted) == 0 && locator.IsFreshnessCheckDue() && Interlocked.Exchange(ref freshnessCheckStarted, 1) == 0)
                    {
                        StartFreshnessCheck();
                    }
                    return path;
                case WarmAnswer.NotProvided:
                    return null;
            }
        }
        if (Summoner() is not { } full || full.LocateAssembly(assemblyName) is not { } fetched)
        {
            return null;
        }
        RecordForTheNextProcess(assemblyName);
        return fetched;
    }

    /// <summary>
    /// After the Summoner answered (often by installing the module), the locator finds what it installed and leaves the
    /// warm start's record, so the next process starts warm rather than through the locator once more. A locator made
    /// before the cache existed is made again, once: it had nothing to look in.
    /// </summary>
    private void RecordForTheNextProcess(string assemblyName)
    {
        if (start is null)
        {
            return;
        }
        WarmLocator? locator;
        lock (gate)
        {
            if (warm is { HasCache: false } && settings is not null)
            {
                warm = new WarmLocator(settings, start);
            }
            locator = warm;
        }
        locator?.Locate(assemblyName, out _);
    }

    private WarmLocator? Warm()
    {
        lock (gate)
        {
            if (!warmMade)
            {
                warmMade = true;
                settings = warmSettings();
                warm = settings is null ? null : new WarmLocator(settings, start);
            }
            return warm;
        }
    }

    /// <summary>The Summoner, made once; null while it is being made on this thread (its construction must not need a module).</summary>
    private Summoner? Summoner()
    {
        lock (gate)
        {
            if (summoner is null && !makingSummoner)
            {
                makingSummoner = true;
                try
                {
                    summoner = makeSummoner();
                }
                finally
                {
                    makingSummoner = false;
                }
            }
            return summoner;
        }
    }

    /// <summary>
    /// Once a day at most: the check (and the Summoner it needs) is built off the loading thread, and a short process
    /// gives it a bounded moment at exit, so the news of a revocation still arrives.
    /// </summary>
    private void StartFreshnessCheck()
    {
        var check = Task.Run(() =>
        {
            if (Summoner() is not { } full)
            {
                return Task.CompletedTask;
            }
            full.StartFreshnessCheckIfDue();
            return full.BackgroundFreshnessCheck;
        });
        GiveAMomentAtExit(check);
    }

    /// <summary>
    /// A short process (a CLI command, a script) would otherwise exit before a freshness check ends, every time, and a
    /// revocation would never reach it; a bounded wait at exit lets a reachable repository answer.
    /// </summary>
    internal static void GiveAMomentAtExit(Task check) => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        try
        {
            check.Wait(FreshnessCheckGraceAtExit);
        }
        catch (AggregateException)
        {
            // The check is best effort: a failure must not turn a clean exit into a crash; the next process asks again.
        }
    };
}
