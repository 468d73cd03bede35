namespace Summon.Trust;

/// <summary>Metadata that names the keys of other roles: root for the top-level roles, targets for delegated ones.</summary>
internal interface IDelegator
{
    IReadOnlyDictionary<string, TufKey> Keys { get; }

    /// <summary>The keys and threshold of <paramref name="roleName"/>, or null if this metadata does not delegate to it.</summary>
    RoleKeys? KeysFor(string roleName);
}
