using System.Text.Json.Nodes;

namespace Summon.Trust;

/// <summary>The timestamp role: the current snapshot's version (and optionally its length and hashes).</summary>
internal sealed class TimestampMetadata : SignedMetadata
{
    private TimestampMetadata(JsonFields fields) : base(fields, RoleNames.Timestamp, RoleNames.Timestamp)
    {
        var meta = fields.Child("meta");
        SnapshotMeta = MetaFile.Parse(meta.Child("snapshot.json"), RoleNames.Timestamp);
    }

    public MetaFile SnapshotMeta { get; }

    public static TimestampMetadata Parse(JsonObject signed) => new(new JsonFields(signed, RoleNames.Timestamp, "signed"));
}
