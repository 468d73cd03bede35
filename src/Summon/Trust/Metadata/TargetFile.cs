using System.Text.Json.Nodes;

namespace Summon.Trust;

/// <summary>A target as signed targets metadata describes it: its path, exact length, hashes and custom data.</summary>
internal sealed class TargetFile
{
    public TargetFile(string path, long length, IReadOnlyDictionary<string, string> hashes, JsonObject? custom, string role)
    {
        Path = path;
        Length = length;
        Hashes = hashes;
        Custom = custom;
        Role = role;
    }

    /// <summary>The target path, relative to the targets base URL.</summary>
    public string Path { get; }

    public long Length { get; }

    public IReadOnlyDictionary<string, string> Hashes { get; }

    /// <summary>The target's <c>custom</c> object, if the repository gave one.</summary>
    public JsonObject? Custom { get; }

    /// <summary>The targets role that listed this target (and vouches for it).</summary>
    public string Role { get; }

    public static TargetFile Parse(string path, JsonFields fields, string role)
    {
        var length = fields.Integer("length");
        if (length < 0)
        {
            throw JsonFields.Malformed(role, $"target \"{path}\" has a negative length");
        }
        var hashes = fields.StringMap("hashes");
        if (hashes.Count == 0)
        {
            throw JsonFields.Malformed(role, $"target \"{path}\" lists no hashes");
        }
        return new TargetFile(path, length, hashes, fields.OptionalChild("custom")?.Object, role);
    }

    /// <summary>Checks a whole file against this target's length and hashes.</summary>
    public void Verify(ReadOnlySpan<byte> data) => HashCheck.VerifyBytes(data, Length, Hashes, Role, $"target \"{Path}\"");
}
