using Summon.Benchmarks;

// bench/run.sh calls: all <work dir> [--quick] [--only id,id]; the other verbs are child processes of figures.
switch (args.FirstOrDefault())
{
    case "probe-load":
        return WarmLoad.Probe(args);
    case "memory-child":
        return Processes.MemoryChild(args);
    case "solve-loop":
        // For profiling the solver alone: solve-loop <rounds>; prints each round's milliseconds.
        return await Solve.LoopAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
    case "all":
        break;
    default:
        Console.Error.WriteLine("usage: Summon.Benchmarks all <work dir> [--quick] [--only figure,figure]");
        return 2;
}

var quick = args.Contains("--quick");
var onlyAt = Array.IndexOf(args, "--only");
var only = onlyAt > 0 ? args[onlyAt + 1].Split(',') : null;
bool Wanted(string id) => only is null || only.Contains(id);
var w = new Workspace(args[1], quick);
Figure.WriteTo(Path.Combine(w.Root, "..", "results", "figures.txt"));
await w.StartAsync();
var failures = 0;
async Task Run(string id, Func<Task> figure)
{
    if (!Wanted(id))
    {
        return;
    }
    Log.Write($"{id}: start");
    try
    {
        await figure();
    }
    catch (Exception e)
    {
        // One broken figure must not hide the others; the line says it failed to measure.
        failures++;
        Log.Write($"{id}: ERROR {e}");
        Console.WriteLine($"figure {id} summon error baseline error ratio error target - fail");
    }
}
await Run("warm-load", () => WarmLoad.RunAsync(w));
await Run("solve", () => Solve.RunAsync(quick));
await Run("warm-process", () => { Processes.WarmProcess(w); return Task.CompletedTask; });
await Run("cold-fetch", () => Processes.ColdFetchAsync(w));
await Run("cold-memory", () => { Processes.ColdMemory(w); return Task.CompletedTask; });
await Run("refresh-scale", () => RefreshScale.RunAsync(w));
await Run("peer", () => Peer.RunAsync(w));
await w.Server.DisposeAsync();
return failures == 0 ? 0 : 1;
