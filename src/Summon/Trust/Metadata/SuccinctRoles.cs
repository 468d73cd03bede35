using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Summon.Trust;

/// <summary>
/// Succinct hash-bin delegation (TAP 15): 2^bit_length roles named <c>prefix-XX</c> sharing one set of keys; a target
/// belongs to the bin given by the first bit_length bits of the SHA-256 of its path.
/// </summary>
internal sealed class SuccinctRoles
{
    private readonly int _suffixLength;

    private SuccinctRoles(RoleKeys keys, int bitLength, string namePrefix)
    {
        Keys = keys;
        BitLength = bitLength;
        NamePrefix = namePrefix;
        _suffixLength = (NumberOfBins - 1).ToString("x", CultureInfo.InvariantCulture).Length;
    }

    public RoleKeys Keys { get; }

    public int BitLength { get; }

    public string NamePrefix { get; }

    public long NumberOfBins => 1L << BitLength;

    public string RoleForTarget(string targetPath)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(targetPath));
        var bin = BinaryPrimitives.ReadUInt32BigEndian(hash) >> (32 - BitLength);
        return BinName(bin);
    }

    public string BinName(long bin) => $"{NamePrefix}-{bin.ToString("x" + _suffixLength, CultureInfo.InvariantCulture)}";

    public bool IsDelegatedRole(string roleName)
    {
        var prefix = NamePrefix + "-";
        if (!roleName.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var suffix = roleName[prefix.Length..];
        return suffix.Length == _suffixLength
            && suffix.All(char.IsAsciiHexDigitLower)
            && long.TryParse(suffix, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bin)
            && bin < NumberOfBins;
    }

    public static SuccinctRoles Parse(JsonFields fields) =>
        new(RoleKeys.Parse(fields), fields.SmallInteger("bit_length", minimum: 1, maximum: 32), fields.String("name_prefix"));
}
