using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Summon.Publishing.Metadata;

/// <summary>
/// What targets metadata says about one file: its length and SHA-256. Only SHA-256 is listed because
/// clients fetch <c>HASH.name</c> using the first hash listed, and the repository stores files under their SHA-256.
/// </summary>
internal sealed record TargetInfo(long Length, string Sha256)
{
    public JsonObject ToJson() => new()
    {
        ["length"] = Length,
        ["hashes"] = new JsonObject { ["sha256"] = Sha256 },
    };

    public static TargetInfo Of(ReadOnlySpan<byte> content) =>
        new(content.Length, Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant());

    public static TargetInfo OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        var hash = SHA256.HashData(stream);
        return new TargetInfo(stream.Length, Convert.ToHexString(hash).ToLowerInvariant());
    }

    /// <summary>Where a target lives under <c>targets/</c> with consistent snapshots: <c>dir/HASH.name</c>.</summary>
    public string StoredPath(string targetPath)
    {
        var slash = targetPath.LastIndexOf('/');
        return slash < 0 ? $"{Sha256}.{targetPath}" : $"{targetPath[..(slash + 1)]}{Sha256}.{targetPath[(slash + 1)..]}";
    }
}
