using System.Text.Json.Nodes;

namespace Summon.Trust;

/// <summary>The targets role or a role it delegates to: target files, and further delegations.</summary>
internal sealed class TargetsMetadata : SignedMetadata, IDelegator
{
    private static readonly IReadOnlyDictionary<string, TufKey> NoKeys = new Dictionary<string, TufKey>();

    private TargetsMetadata(JsonFields fields, string role) : base(fields, RoleNames.Targets, role)
    {
        var targets = fields.Child("targets");
        var parsed = new Dictionary<string, TargetFile>(StringComparer.Ordinal);
        foreach (var (path, node) in targets.Object)
        {
            parsed[path] = TargetFile.Parse(path, JsonFields.Of(node, role, $"signed.targets.{path}"), role);
        }
        Targets = parsed;
        Delegations = fields.OptionalChild("delegations") is { } delegations ? Delegations.Parse(delegations, role) : null;
    }

    public IReadOnlyDictionary<string, TargetFile> Targets { get; }

    public Delegations? Delegations { get; }

    public IReadOnlyDictionary<string, TufKey> Keys => Delegations?.Keys ?? NoKeys;

    public RoleKeys? KeysFor(string roleName) => Delegations?.KeysFor(roleName);

    public static TargetsMetadata Parse(JsonObject signed, string role) => new(new JsonFields(signed, role, "signed"), role);
}
