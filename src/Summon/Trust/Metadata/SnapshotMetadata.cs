using System.Text.Json.Nodes;

namespace Summon.Trust;

/// <summary>The snapshot role: the version (and optionally length and hashes) of every targets metadata file.</summary>
internal sealed class SnapshotMetadata : SignedMetadata
{
    private SnapshotMetadata(JsonFields fields) : base(fields, RoleNames.Snapshot, RoleNames.Snapshot)
    {
        var meta = fields.Child("meta");
        var parsed = new Dictionary<string, MetaFile>(StringComparer.Ordinal);
        foreach (var (name, node) in meta.Object)
        {
            parsed[name] = MetaFile.Parse(JsonFields.Of(node, RoleNames.Snapshot, $"signed.meta.{name}"), RoleNames.Snapshot);
        }
        Meta = parsed;
    }

    /// <summary>Keyed by file name: <c>targets.json</c>, <c>&lt;role&gt;.json</c>.</summary>
    public IReadOnlyDictionary<string, MetaFile> Meta { get; }

    public MetaFile? MetaFor(string roleName) => Meta.GetValueOrDefault(roleName + ".json");

    public static SnapshotMetadata Parse(JsonObject signed) => new(new JsonFields(signed, RoleNames.Snapshot, "signed"));
}
