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

    private HashBins(int bitLength, string namePrefix) => layout = new HashBinLayout(bitLength, namePrefix);

    public string NamePrefix => layout.NamePrefix;

    public int Count => (int)layout.NumberOfBins;

    public string First => BinName(0);

    public string Last => BinName(Count - 1);

    /// <summary>The bins of a delegation object, or null when it delegates to named roles (or to nothing).</summary>
    /// <exception cref="PublishingException">The bins are laid out in more bits than this tool edits (another tool made them).</exception>
    public static HashBins? Of(JsonNode? delegations)
    {
        if (delegations?["succinct_roles"] is not JsonObject succinct)
        {
            return null;
        }
        var bitLength = succinct["bit_length"]?.GetValue<int>() ?? 0;
        var namePrefix = succinct["name_prefix"]?.GetValue<string>() ?? DefaultNamePrefix;
        if (bitLength is < 1 or > MaxBitLength)
        {
            throw new PublishingException(
                $"This repository delegates to succinct hash bins '{namePrefix}-…' of {bitLength} bits, and Summon's publishing tools edit 1 to {MaxBitLength} bits (2 to {1 << MaxBitLength} bins). "
                + "Clients still read it (TUF allows up to 32 bits); publish to it with the tool that laid out its bins.");
        }
        return new HashBins(bitLength, namePrefix);
    }

    /// <summary>Bins for a count <see cref="Delegations.EnsureCanDelegateHashBins"/> has checked: a power of two within the limit.</summary>
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
