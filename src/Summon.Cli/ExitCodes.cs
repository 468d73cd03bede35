using System.CommandLine;
using Summon.Cli.Output;

namespace Summon.Cli;

/// <summary>Process exit codes, stable so scripts can tell failures apart.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int Unreachable = 3;
    public const int Refused = 4;
    public const int NotFound = 5;

    /// <summary>The name of an exit code, as <c>--json</c> prints it in <c>error.kind</c>.</summary>
    public static string Kind(int exitCode) => exitCode switch
    {
        Usage => "usage",
        Unreachable => "unreachable",
        Refused => "refused",
        NotFound => "notFound",
        _ => "failure",
    };

    /// <summary>
    /// Runs a command body, turning every failure a user can meet into one line on stderr (and, with
    /// <c>--json</c>, an error document on stdout) and an exit code.
    /// </summary>
    public static async Task<int> RunAsync(ParseResult parse, Func<CommandOutput, Task<int>> body)
    {
        var output = CommandOutput.For(parse);
        try
        {
            return await body(output);
        }
        catch (Exception e) when (Classify(e) is { } code)
        {
            return output.Fail(code, e.Message);
        }
        catch (Exception e)
        {
            // A bug of ours: still one line, with the detail a report needs when asked for.
            return output.Fail(Failure, Environment.GetEnvironmentVariable("SUMMON_DEBUG") == "1"
                ? $"internal error: {e}"
                : $"internal error: {e.GetType().Name}: {e.Message} (set SUMMON_DEBUG=1 for details, and please report it)", "internal");
        }
    }

    private static int? Classify(Exception e) => e switch
    {
        SummonConfigurationException => Usage,
        RepositoryUnavailableException or DownloadException => Unreachable,
        TrustException or ModuleVerificationException or ModuleRevokedException => Refused,
        ModuleNotFoundException => NotFound,
        SummonException or IOException or UnauthorizedAccessException => Failure,
        OperationCanceledException => Failure,
        _ => null,
    };
}
