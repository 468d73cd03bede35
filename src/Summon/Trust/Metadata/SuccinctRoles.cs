namespace Summon.Trust;

/// <summary>Succinct hash-bin delegation (TAP 15): the bins of a <see cref="HashBinLayout"/>, all sharing one set of keys.</summary>
internal sealed class SuccinctRoles
{
    private SuccinctRoles(RoleKeys keys, HashBinLayout layout) => (Keys, Layout) = (keys, layout);

    public RoleKeys Keys { get; }

    public HashBinLayout Layout { get; }

    public static SuccinctRoles Parse(JsonFields fields) =>
        new(RoleKeys.Parse(fields), new HashBinLayout(fields.SmallInteger("bit_length", minimum: 1, maximum: 32), fields.String("name_prefix")));
}
