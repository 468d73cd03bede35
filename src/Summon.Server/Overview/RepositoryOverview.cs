namespace Summon.Server.Overview;

/// <summary>One role's signed metadata as a reader of the page cares about it: which version, until when.</summary>
internal sealed record RoleExpiry(string Role, int Version, DateTimeOffset? Expires);

/// <summary>A public key that signs a role.</summary>
internal sealed record SigningKeyInfo(string KeyId, string KeyType, string Scheme);

/// <summary>The keys of one role and how many of them must sign; delegated roles also say which target paths they own.</summary>
internal sealed record RoleKeySet(string Role, int Threshold, IReadOnlyList<SigningKeyInfo> Keys, IReadOnlyList<string> Paths);

/// <summary>
/// What the repository page shows, read from the repository's metadata once per metadata change: the expiry of
/// every role, the keys, and the sorted module ids with the hash of each module's index (read per page, not here).
/// </summary>
internal sealed class RepositoryOverview
{
    public static readonly RepositoryOverview Empty = new() { Problem = "no metadata yet" };

    /// <summary>Why the repository could not be read, when it could not.</summary>
    public string? Problem { get; init; }

    public int RootVersion { get; init; }

    public int SnapshotVersion { get; init; }

    public int TimestampVersion { get; init; }

    public bool ConsistentSnapshot { get; init; }

    public IReadOnlyList<RoleExpiry> TopLevelExpiries { get; init; } = [];

    public IReadOnlyList<RoleExpiry> DelegatedExpiries { get; init; } = [];

    public IReadOnlyList<RoleKeySet> TopLevelKeys { get; init; } = [];

    public IReadOnlyList<RoleKeySet> DelegatedKeys { get; init; } = [];

    /// <summary>Module ids in ordinal order.</summary>
    public IReadOnlyList<string> ModuleIds { get; init; } = [];

    /// <summary>The sha256 of each module's signed index (<c>modules/&lt;id&gt;/index.json</c>).</summary>
    public IReadOnlyDictionary<string, string> IndexHashes { get; init; } = new Dictionary<string, string>();
}
