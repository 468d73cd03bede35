namespace Summon.Trust;

/// <summary>The four top-level TUF roles.</summary>
internal static class RoleNames
{
    public const string Root = "root";
    public const string Timestamp = "timestamp";
    public const string Snapshot = "snapshot";
    public const string Targets = "targets";

    public static readonly IReadOnlySet<string> TopLevel = new HashSet<string>(StringComparer.Ordinal) { Root, Timestamp, Snapshot, Targets };
}
