using System.CommandLine;
using Summon.Server;

namespace Summon.Cli.Commands;

/// <summary><c>summon serve</c>: a repository on 127.0.0.1 for development and demos, with a request log.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("repo-dir") { Description = "The repository folder to serve" };
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (default 0: any free port)" };
        var command = new Command("serve", "Serve a repository on 127.0.0.1; prints its URL, then one line per request, until Ctrl+C") { directory, port };
        command.SetAction((parse, cancellationToken) => ExitCodes.RunAsync(parse, async output =>
        {
            var options = new SummonServerOptions
            {
                Port = parse.GetValue(port),
                OnRequest = r => output.Output.WriteLine($"{r.Method} {r.Path} {r.StatusCode} {r.Bytes}"),
            };
            await using var server = await SummonRepositoryServer.StartAsync(parse.GetValue(directory)!, options, cancellationToken);
            output.Line(server.Url.ToString());
            output.Note($"Serving {server.RepositoryDirectory}; press Ctrl+C to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C is how the server is meant to stop.
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
