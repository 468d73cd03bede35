namespace Summon.Trust;

/// <summary>What timestamp says of snapshot, and snapshot of each targets role: its version and, optionally, length and hashes.</summary>
internal sealed class MetaFile
{
    private MetaFile(long version, long? length, IReadOnlyDictionary<string, string>? hashes)
    {
        Version = version;
        Length = length;
        Hashes = hashes;
    }

    public long Version { get; }

    public long? Length { get; }

    public IReadOnlyDictionary<string, string>? Hashes { get; }

    public static MetaFile Parse(JsonFields fields, string role)
    {
        var version = fields.Integer("version");
        if (version < 1)
        {
            throw JsonFields.Malformed(role, $"a meta version must be at least 1, not {version}");
        }
        var length = fields.OptionalInteger("length");
        if (length is <= 0)
        {
            throw JsonFields.Malformed(role, $"a meta length must be positive, not {length}");
        }
        IReadOnlyDictionary<string, string>? hashes = null;
        if (fields.Has("hashes"))
        {
            hashes = fields.StringMap("hashes");
            if (hashes.Count == 0)
            {
                throw JsonFields.Malformed(role, "a meta entry lists an empty hashes object");
            }
        }
        return new MetaFile(version, length, hashes);
    }

    /// <summary>Checks downloaded metadata against this entry; <paramref name="role"/> is the role that listed it.</summary>
    public void Verify(ReadOnlySpan<byte> data, string role, string subject) => HashCheck.VerifyBytes(data, Length, Hashes, role, subject);
}
