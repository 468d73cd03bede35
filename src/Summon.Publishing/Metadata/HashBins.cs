using System.Text.Json.Nodes;
using Summon.Trust;

namespace Summon.Publishing.Metadata;

/// <summary>
/// Succinct hash bins (TUF TAP 15) as the writer lays them out: the client's <see cref="HashBinLayout"/> (names and
/// which bin a path falls in), within the writer's limit, and as the <c>succinct_roles</c> object it signs.
/// </summary>
internal sealed class HashBins
{
    public const string DefaultNamePrefix = "bins";
    public const int MaxBitLength = 16;
    private readonly HashBinLayout layout;

    public HashBins(int bitLength, string namePrefix)
    {
        if (bitLength is < 1 or > MaxBitLength)
        {
            throw new PublishingException($"A succinct hash-bin delegation of {bitLength} bits is not supported; use 1 to {MaxBitLength} (2 to {1 << MaxBitLength} bins).");
        }
        layout = new HashBinLayout(bitLength, namePrefix);
    }

    public string NamePrefix => layout.NamePrefix;

    public int Count => (int)layout.NumberOfBins;

    public string First => BinName(0);

    public string Last => BinName(Count - 1);

    /// <summary>The bins of a delegation object, or null when it delegates to named roles (or to nothing).</summary>
    public static HashBins? Of(JsonNode? delegations) =>
        delegations?["succinct_roles"] is JsonObject succinct
            ? new HashBins(succinct["bit_length"]?.GetValue<int>() ?? 0, succinct["name_prefix"]?.GetValue<string>() ?? DefaultNamePrefix)
            : null;

    public static HashBins ForCount(int binCount) => new(int.Log2(binCount), DefaultNamePrefix);

    public string BinName(int bin) => layout.BinName(bin);

    public IEnumerable<string> Names() => Enumerable.Range(0, Count).Select(BinName);

    public string BinFor(PathPatterns.Target target) => layout.RoleForTarget(target.Path);

    /// <summary>Whether <paramref name="role"/> is one of these bins: exactly the names a client accepts, lowercase and padded.</summary>
    public bool Contains(string role) => layout.IsDelegatedRole(role);

    public JsonObject ToJson(string keyId) => new()
    {
        ["keyids"] = new JsonArray(keyId),
        ["threshold"] = 1,
        ["bit_length"] = layout.BitLength,
        ["name_prefix"] = NamePrefix,
    };
}
