using System.Text.Json.Nodes;

namespace Summon.Trust;

/// <summary>The fields every role's <c>signed</c> object shares: type, spec version, version, expiry.</summary>
internal abstract class SignedMetadata
{
    /// <summary>The major version of the TUF specification this client implements; any 1.x is accepted.</summary>
    public const string SupportedSpecMajor = "1";

    protected SignedMetadata(JsonFields fields, string expectedType, string role)
    {
        Raw = fields.Object;
        Type = fields.String("_type");
        if (Type != expectedType)
        {
            throw new TrustException(role, TrustCheck.Type,
                $"{role} metadata has _type \"{Type}\" where \"{expectedType}\" was expected: the repository served the wrong file (or a substituted one).");
        }
        SpecVersion = fields.String("spec_version");
        var parts = SpecVersion.Split('.');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0 || !p.All(char.IsAsciiDigit)))
        {
            throw JsonFields.Malformed(role, $"spec_version \"{SpecVersion}\" is not a version like 1.0.31");
        }
        if (parts[0] != SupportedSpecMajor)
        {
            throw new TrustException(role, TrustCheck.Format,
                $"{role} metadata follows TUF specification {SpecVersion}, but this client implements 1.x: upgrade Summon to read this repository.");
        }
        Version = fields.Integer("version");
        if (Version < 1)
        {
            throw JsonFields.Malformed(role, $"version must be at least 1, not {Version}");
        }
        Expires = fields.Timestamp("expires");
    }

    public string Type { get; }

    public string SpecVersion { get; }

    public long Version { get; }

    public DateTimeOffset Expires { get; }

    /// <summary>The <c>signed</c> object as the repository wrote it, unknown fields included.</summary>
    public JsonObject Raw { get; }

    public bool IsExpired(DateTimeOffset referenceTime) => referenceTime >= Expires;
}
