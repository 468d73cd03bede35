namespace Summon.Trust;

/// <summary>The keys allowed to sign for a role, and how many of them must.</summary>
internal sealed class RoleKeys
{
    public RoleKeys(IReadOnlyList<string> keyIds, int threshold)
    {
        KeyIds = keyIds;
        Threshold = threshold;
    }

    public IReadOnlyList<string> KeyIds { get; }

    public int Threshold { get; }

    public static RoleKeys Parse(JsonFields fields) =>
        new(fields.StringList("keyids", distinct: true), fields.SmallInteger("threshold", minimum: 1));

    public bool SameAs(RoleKeys other) =>
        Threshold == other.Threshold && KeyIds.Order(StringComparer.Ordinal).SequenceEqual(other.KeyIds.Order(StringComparer.Ordinal));
}
