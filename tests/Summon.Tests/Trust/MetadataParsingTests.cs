using System.Text;
using System.Text.Json.Nodes;
using Summon.Tests.Trust.Simulator;
using Summon.Trust;

namespace Summon.Tests.Trust;

public sealed class MetadataParsingTests
{
    private static readonly RepositorySimulator Repo = new();

    private static TrustException Refused(string json, string role = "root") =>
        Assert.Throws<TrustException>(() => Parse(Encoding.UTF8.GetBytes(json), role));

    private static void Parse(byte[] data, string role)
    {
        var envelope = SignedEnvelope.Parse(data, role);
        switch (role)
        {
            case "root":
                RootMetadata.Parse(envelope.Signed);
                break;
            case "timestamp":
                TimestampMetadata.Parse(envelope.Signed);
                break;
            case "snapshot":
                SnapshotMetadata.Parse(envelope.Signed);
                break;
            default:
                TargetsMetadata.Parse(envelope.Signed, role);
                break;
        }
    }

    private static string RootWith(Action<JsonObject> change)
    {
        var root = JsonNode.Parse(Repo.SignedRoots[0])!.AsObject();
        change(root["signed"]!.AsObject());
        return root.ToJsonString();
    }

    [Fact]
    public void Valid_root_parses()
    {
        Parse(Repo.SignedRoots[0], "root");
    }

    [Fact]
    public void Duplicate_keys_are_refused()
    {
        var json = Encoding.UTF8.GetString(Repo.SignedRoots[0]).Replace("\"version\": 1", "\"version\": 1, \"version\": 2", StringComparison.Ordinal);

        Assert.Contains("twice", Refused(json).Message);
    }

    [Fact]
    public void Deep_nesting_is_refused()
    {
        var json = RootWith(s => s["x"] = "").Replace("\"x\":\"\"", "\"x\":" + new string('[', 200) + new string(']', 200), StringComparison.Ordinal);

        Assert.Equal(TrustCheck.Format, Refused(json).Check);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("123456789012345678901234567890")]
    public void Non_integer_or_huge_numbers_are_refused(string number)
    {
        var json = RootWith(s => s["version"] = 999).Replace("999", number, StringComparison.Ordinal);

        Assert.Equal(TrustCheck.Format, Refused(json).Check);
    }

    [Fact]
    public void Wrong_type_field_is_refused()
    {
        Assert.Contains("version", Refused(RootWith(s => s["version"] = "1")).Message);
    }

    [Fact]
    public void Missing_version_is_refused()
    {
        Assert.Contains("version", Refused(RootWith(s => s.Remove("version"))).Message);
    }

    [Fact]
    public void Wrong_metadata_type_is_refused_as_type()
    {
        Assert.Equal(TrustCheck.Type, Refused(RootWith(s => s["_type"] = "targets")).Check);
    }

    [Theory]
    [InlineData("2.0.0")]
    [InlineData("0.9")]
    [InlineData("one")]
    [InlineData("1")]
    public void Unsupported_spec_version_is_refused(string version)
    {
        Assert.Equal(TrustCheck.Format, Refused(RootWith(s => s["spec_version"] = version)).Check);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("1.99.3")]
    public void Any_1_x_spec_version_is_accepted(string version)
    {
        Parse(Encoding.UTF8.GetBytes(RootWith(s => s["spec_version"] = version)), "root");
    }

    [Fact]
    public void Bad_expiry_format_is_refused()
    {
        Assert.Contains("expires", Refused(RootWith(s => s["expires"] = "2030-01-01 00:00:00")).Message);
    }

    [Fact]
    public void Zero_threshold_is_refused()
    {
        Assert.Contains("threshold", Refused(RootWith(s => s["roles"]!["root"]!["threshold"] = 0)).Message);
    }

    [Fact]
    public void Repeated_key_id_in_a_role_is_refused()
    {
        Assert.Contains("twice", Refused(RootWith(s => ((JsonArray)s["roles"]!["root"]!["keyids"]!).Add(((JsonArray)s["roles"]!["root"]!["keyids"]!)[0]!.GetValue<string>()))).Message);
    }

    [Fact]
    public void Root_without_all_top_level_roles_is_refused()
    {
        Assert.Contains("roles", Refused(RootWith(s => ((JsonObject)s["roles"]!).Remove("snapshot"))).Message);
    }

    [Fact]
    public void Unknown_key_type_parses_without_public_value()
    {
        Parse(Encoding.UTF8.GetBytes(RootWith(s => ((JsonObject)s["keys"]!)["abc"] = new JsonObject { ["keytype"] = "sphincs", ["scheme"] = "x", ["keyval"] = new JsonObject { ["other"] = "y" } })), "root");
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"signatures\":[],\"signed\":[]}")]
    [InlineData("{\"signatures\":{},\"signed\":{}}")]
    [InlineData("{\"signatures\":[1],\"signed\":{}}")]
    [InlineData("{\"signatures\":[],\"signed\":{}} trailing")]
    [InlineData("{\"signatures\":[],\"signed\":{},}")]
    [InlineData("{\"signatures\":[],/*c*/\"signed\":{}}")]
    public void Malformed_envelopes_are_refused(string json)
    {
        Assert.Equal(TrustCheck.Format, Refused(json).Check);
    }

    [Fact]
    public void Delegation_with_both_paths_and_hash_prefixes_is_refused()
    {
        var targets = TargetsWithDelegation(new JsonObject { ["name"] = "a", ["keyids"] = new JsonArray(), ["threshold"] = 1, ["terminating"] = false, ["paths"] = new JsonArray("*"), ["path_hash_prefixes"] = new JsonArray("0") });

        Assert.Contains("only one", Refused(targets, "targets").Message);
    }

    [Theory]
    [InlineData("root")]
    [InlineData("snapshot")]
    public void Delegated_role_with_a_top_level_name_is_refused(string name)
    {
        var targets = TargetsWithDelegation(new JsonObject { ["name"] = name, ["keyids"] = new JsonArray(), ["threshold"] = 1, ["terminating"] = false, ["paths"] = new JsonArray("*") });

        Assert.Contains(name, Refused(targets, "targets").Message);
    }

    [Fact]
    public void Delegated_role_listed_twice_is_refused()
    {
        var role = new JsonObject { ["name"] = "a", ["keyids"] = new JsonArray(), ["threshold"] = 1, ["terminating"] = false, ["paths"] = new JsonArray("*") };

        Assert.Contains("twice", Refused(TargetsWithDelegation(role, role.DeepClone()), "targets").Message);
    }

    [Fact]
    public void Target_without_hashes_is_refused()
    {
        var signed = new JsonObject
        {
            ["_type"] = "targets",
            ["spec_version"] = "1.0",
            ["version"] = 1,
            ["expires"] = "2030-01-01T00:00:00Z",
            ["targets"] = new JsonObject { ["a"] = new JsonObject { ["length"] = 1, ["hashes"] = new JsonObject() } },
        };

        Assert.Contains("hashes", Refused(new JsonObject { ["signatures"] = new JsonArray(), ["signed"] = signed }.ToJsonString(), "targets").Message);
    }

    [Fact]
    public void Timestamp_without_snapshot_meta_is_refused()
    {
        var signed = new JsonObject { ["_type"] = "timestamp", ["spec_version"] = "1.0", ["version"] = 1, ["expires"] = "2030-01-01T00:00:00Z", ["meta"] = new JsonObject() };

        Assert.Contains("snapshot.json", Refused(new JsonObject { ["signatures"] = new JsonArray(), ["signed"] = signed }.ToJsonString(), "timestamp").Message);
    }

    private static string TargetsWithDelegation(params JsonNode[] roles)
    {
        var signed = new JsonObject
        {
            ["_type"] = "targets",
            ["spec_version"] = "1.0",
            ["version"] = 1,
            ["expires"] = "2030-01-01T00:00:00Z",
            ["targets"] = new JsonObject(),
            ["delegations"] = new JsonObject { ["keys"] = new JsonObject(), ["roles"] = new JsonArray(roles) },
        };
        return new JsonObject { ["signatures"] = new JsonArray(), ["signed"] = signed }.ToJsonString();
    }
}
