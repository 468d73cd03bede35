using Summon.Publishing.Keys;

namespace Summon.Publishing;

/// <summary>How <see cref="RepositoryEditor.Init(string, string, RepositoryInitOptions?)"/> sets up a new repository's keys.</summary>
public sealed class RepositoryInitOptions
{
    /// <summary>The type of every generated key; ECDSA P-256 by default, which clients verify without extra packages.</summary>
    public SigningKeyType KeyType { get; init; } = SigningKeyType.Ecdsa;

    /// <summary>Signatures required per role (<c>root</c>, <c>targets</c>, <c>snapshot</c>, <c>timestamp</c>); 1 when not given.</summary>
    public IReadOnlyDictionary<string, int>? Thresholds { get; init; }

    /// <summary>Keys generated per role; the role's threshold when not given.</summary>
    public IReadOnlyDictionary<string, int>? KeysPerRole { get; init; }

    /// <summary>
    /// Where to write the root keys instead of the keys folder, so they can be kept offline; later root
    /// changes then wait for <see cref="RepositoryEditor.SignRoot"/>.
    /// </summary>
    public string? RootKeysDirectory { get; init; }
}
