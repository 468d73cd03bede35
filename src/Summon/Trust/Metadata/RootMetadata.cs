using System.Text.Json.Nodes;

namespace Summon.Trust;

/// <summary>The root role: every top-level role's keys and threshold, and whether the repository uses consistent snapshots.</summary>
internal sealed class RootMetadata : SignedMetadata, IDelegator
{
    private RootMetadata(JsonFields fields) : base(fields, RoleNames.Root, RoleNames.Root)
    {
        ConsistentSnapshot = fields.OptionalBoolean("consistent_snapshot") ?? false;
        Keys = TufKey.ParseKeys(fields.Child("keys"), RoleNames.Root);
        var roles = fields.Child("roles");
        var parsed = new Dictionary<string, RoleKeys>(StringComparer.Ordinal);
        foreach (var (name, node) in roles.Object)
        {
            parsed[name] = RoleKeys.Parse(JsonFields.Of(node, RoleNames.Root, $"signed.roles.{name}"));
        }
        if (!parsed.Keys.ToHashSet(StringComparer.Ordinal).SetEquals(RoleNames.TopLevel))
        {
            throw JsonFields.Malformed(RoleNames.Root, $"roles must be exactly root, timestamp, snapshot and targets, not {string.Join(", ", parsed.Keys)}");
        }
        Roles = parsed;
    }

    public bool ConsistentSnapshot { get; }

    public IReadOnlyDictionary<string, TufKey> Keys { get; }

    public IReadOnlyDictionary<string, RoleKeys> Roles { get; }

    public RoleKeys? KeysFor(string roleName) => Roles.GetValueOrDefault(roleName);

    public static RootMetadata Parse(JsonObject signed) => new(new JsonFields(signed, RoleNames.Root, "signed"));
}
