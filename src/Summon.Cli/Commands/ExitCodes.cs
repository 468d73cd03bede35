namespace Summon.Cli.Commands;

/// <summary>Process exit codes, stable so scripts can tell failures apart.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int Unreachable = 3;
    public const int Refused = 4;
    public const int NotFound = 5;

    /// <summary>Runs a command body, turning every failure a user can meet into one line on stderr and an exit code.</summary>
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (Exception e) when (Classify(e) is { } code)
        {
            Console.Error.WriteLine($"summon: {e.Message}");
            return code;
        }
        catch (Exception e)
        {
            // A bug of ours: still one line, with the detail a report needs when asked for.
            Console.Error.WriteLine(Environment.GetEnvironmentVariable("SUMMON_DEBUG") == "1"
                ? $"summon: internal error: {e}"
                : $"summon: internal error: {e.GetType().Name}: {e.Message} (set SUMMON_DEBUG=1 for details, and please report it)");
            return Failure;
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
