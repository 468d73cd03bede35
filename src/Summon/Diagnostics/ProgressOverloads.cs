namespace Summon.Diagnostics;

internal static class ProgressOverloads
{
    /// <summary>Why each downloading method has two overloads with an optional token (which the analyzer warns of).</summary>
    public const string Why = "The progress overloads take progress without a default, so no call binds to both; the pairs keep the existing signatures binary compatible.";
}
