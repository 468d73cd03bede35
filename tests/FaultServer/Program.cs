using System.Globalization;
using Summon.FaultInjection;

// FaultServer --root DIR [--port N] [--https] [--fault PATTERN:SPEC]... [--max-endless BYTES] [--until-stdin-closes]
// Prints "listening on URL" once ready, then serves until stopped (Ctrl+C, SIGTERM), or until stdin closes if asked.
var rootDirectory = (string?)null;
var options = new FaultServerOptions();
var faults = new List<(string Pattern, Fault Fault)>();
var untilStdinCloses = false;
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value.");
        switch (args[i])
        {
            case "--root":
                rootDirectory = Next();
                break;
            case "--port":
                options = options with { Port = int.Parse(Next(), CultureInfo.InvariantCulture) };
                break;
            case "--https":
                options = options with { Https = true };
                break;
            case "--max-endless":
                options = options with { MaxEndlessBytes = long.Parse(Next(), CultureInfo.InvariantCulture) };
                break;
            case "--until-stdin-closes":
                untilStdinCloses = true;
                break;
            case "--fault":
                faults.Add(FaultSpec.ParseRule(Next()));
                break;
            default:
                throw new FormatException($"Unknown argument {args[i]}.");
        }
    }
    if (rootDirectory is null)
    {
        throw new FormatException("--root DIR is required.");
    }
}
catch (FormatException e)
{
    Console.Error.WriteLine($"{e.Message}\nusage: FaultServer --root DIR [--port N] [--https] [--fault PATTERN:SPEC]... [--max-endless BYTES] [--until-stdin-closes]");
    return 2;
}

await using var server = await FaultServer.StartAsync(rootDirectory, options);
foreach (var (pattern, fault) in faults)
{
    server.Inject(pattern, fault);
}
Console.WriteLine($"listening on {server.Url}");
Console.Out.Flush();

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
var stopped = Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
// A parent that dies closes the pipe to our stdin: ending with it means an abandoned server never outlives its test run.
var stdinClosed = untilStdinCloses
    ? Task.Run(() =>
    {
        while (Console.In.ReadLine() is not null)
        {
        }
    })
    : stopped;
await Task.WhenAny(stdinClosed, stopped);
return 0;
