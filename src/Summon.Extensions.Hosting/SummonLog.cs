using Microsoft.Extensions.Logging;

namespace Summon.Extensions.Hosting;

/// <summary>Summon's log lines (<see cref="SummonOptions.Log"/>) as structured log events.</summary>
internal static partial class SummonLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{SummonMessage}")]
    public static partial void Line(ILogger logger, string summonMessage);
}
