using System.Buffers.Binary;
using System.Globalization;

namespace Summon.Trust;

/// <summary>
/// How succinct hash bins (TAP 15) are named and filled: 2^bit_length roles named <c>prefix-XX</c> (lowercase hex,
/// zero-padded to the length of the last bin), and a target belongs to the bin given by the first bit_length bits of
/// the SHA-256 of its path, big-endian. The client reads bins by this rule and the publisher writes them by it, so a
/// target is signed by the bin a client asks.
/// </summary>
internal sealed class HashBinLayout
{
    private readonly int suffixLength;

    public HashBinLayout(int bitLength, string namePrefix)
    {
        BitLength = bitLength;
        NamePrefix = namePrefix;
        suffixLength = (NumberOfBins - 1).ToString("x", CultureInfo.InvariantCulture).Length;
    }

    public int BitLength { get; }

    public string NamePrefix { get; }

    public long NumberOfBins => 1L << BitLength;

    public string RoleForTarget(string targetPath)
    {
        var bin = BinaryPrimitives.ReadUInt32BigEndian(DelegatedRole.PathDigest(targetPath)) >> (32 - BitLength);
        return BinName(bin);
    }

    public string BinName(long bin) => $"{NamePrefix}-{bin.ToString("x" + suffixLength, CultureInfo.InvariantCulture)}";

    /// <summary>Whether <paramref name="roleName"/> is one of these bins: exactly the names of the rule, lowercase and padded.</summary>
    public bool IsDelegatedRole(string roleName)
    {
        var prefix = NamePrefix + "-";
        if (!roleName.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var suffix = roleName[prefix.Length..];
        return suffix.Length == suffixLength
            && suffix.All(char.IsAsciiHexDigitLower)
            && long.TryParse(suffix, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bin)
            && bin < NumberOfBins;
    }
}
