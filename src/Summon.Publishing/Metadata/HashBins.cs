using System.Globalization;
using System.Text.Json.Nodes;

namespace Summon.Publishing.Metadata;

/// <summary>
/// Succinct hash bins (TUF TAP 15) as the writer lays them out: 2^bit_length roles named
/// <c>&lt;name_prefix&gt;-&lt;bin in lowercase hex&gt;</c>, zero-padded to the hex length of the last bin, and a target
/// belongs to the bin given by the first bit_length bits of the SHA-256 of its path, big-endian. A client computes
/// the same (<c>Summon.Trust.SuccinctRoles</c>, tuf-js, python-tuf), so a target is signed by the bin a client asks.
/// </summary>
internal sealed class HashBins
{
    public const string DefaultNamePrefix = "bins";
    public const int MaxBitLength = 16;
    private readonly int suffixLength;

    public HashBins(int bitLength, string namePrefix)
    {
        if (bitLength is < 1 or > MaxBitLength)
        {
            throw new PublishingException($"A succinct hash-bin delegation of {bitLength} bits is not supported; use 1 to {MaxBitLength} (2 to {1 << MaxBitLength} bins).");
        }
        BitLength = bitLength;
        NamePrefix = namePrefix;
        suffixLength = (Count - 1).ToString("x", CultureInfo.InvariantCulture).Length;
    }

    public int BitLength { get; }

    public string NamePrefix { get; }

    public int Count => 1 << BitLength;

    public string First => BinName(0);

    public string Last => BinName(Count - 1);

    /// <summary>The bins of a delegation object, or null when it delegates to named roles (or to nothing).</summary>
    public static HashBins? Of(JsonNode? delegations) =>
        delegations?["succinct_roles"] is JsonObject succinct
            ? new HashBins(succinct["bit_length"]?.GetValue<int>() ?? 0, succinct["name_prefix"]?.GetValue<string>() ?? DefaultNamePrefix)
            : null;

    public static HashBins ForCount(int binCount) => new(int.Log2(binCount), DefaultNamePrefix);

    public string BinName(int bin) => $"{NamePrefix}-{bin.ToString("x" + suffixLength, CultureInfo.InvariantCulture)}";

    public IEnumerable<string> Names() => Enumerable.Range(0, Count).Select(BinName);

    public string BinFor(PathPatterns.Target target) =>
        BinName((int)(uint.Parse(target.Hash.AsSpan(0, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture) >> (32 - BitLength)));

    /// <summary>Whether <paramref name="role"/> is one of these bins: exactly the names a client accepts, lowercase and padded.</summary>
    public bool Contains(string role)
    {
        if (role.Length != NamePrefix.Length + 1 + suffixLength || !role.StartsWith(NamePrefix + "-", StringComparison.Ordinal))
        {
            return false;
        }
        var suffix = role.AsSpan(NamePrefix.Length + 1);
        return !suffix.ContainsAnyExcept("0123456789abcdef")
            && int.Parse(suffix, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture) < Count;
    }

    public JsonObject ToJson(string keyId) => new()
    {
        ["keyids"] = new JsonArray(keyId),
        ["threshold"] = 1,
        ["bit_length"] = BitLength,
        ["name_prefix"] = NamePrefix,
    };
}
