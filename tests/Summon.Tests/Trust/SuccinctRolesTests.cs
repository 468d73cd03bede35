using System.Text.Json.Nodes;
using Summon.Trust;

namespace Summon.Tests.Trust;

public sealed class SuccinctRolesTests
{
    private static HashBinLayout Bins(int bitLength) => SuccinctRoles.Parse(new JsonFields(
        new JsonObject { ["keyids"] = new JsonArray(), ["threshold"] = 1, ["bit_length"] = bitLength, ["name_prefix"] = "bin" }, "targets", "succinct_roles")).Layout;

    [Theory]
    [InlineData(8, "bin-2c")]
    [InlineData(1, "bin-0")]
    [InlineData(4, "bin-2")]
    [InlineData(12, "bin-2c2")]
    [InlineData(32, "bin-2c26b46b")]
    public void Path_falls_in_the_bin_named_by_the_leading_bits_of_its_sha256(int bitLength, string expected)
    {
        // sha256("foo") = 2c26b46b...
        Assert.Equal(expected, Bins(bitLength).RoleForTarget("foo"));
    }

    [Theory]
    [InlineData("bin-00", true)]
    [InlineData("bin-ff", true)]
    [InlineData("bin-0", false)]
    [InlineData("bin-100", false)]
    [InlineData("bin-FF", false)]
    [InlineData("other-00", false)]
    public void Only_names_of_existing_bins_are_delegated(string name, bool expected)
    {
        Assert.Equal(expected, Bins(8).IsDelegatedRole(name));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public void Bit_length_outside_1_to_32_is_refused(int bitLength)
    {
        Assert.Throws<TrustException>(() => Bins(bitLength));
    }
}
