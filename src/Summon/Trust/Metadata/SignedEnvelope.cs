using System.Text.Json.Nodes;

namespace Summon.Trust;

/// <summary>
/// The outer form of every metadata file: <c>{"signatures": [...], "signed": {...}}</c>. The <c>signed</c> object is
/// kept as parsed, unknown fields included, because signatures are over its canonical bytes and a repository may
/// sign fields this client does not know.
/// </summary>
internal sealed class SignedEnvelope
{
    private byte[]? _signedBytes;

    private SignedEnvelope(IReadOnlyList<TufSignature> signatures, JsonObject signed)
    {
        Signatures = signatures;
        Signed = signed;
    }

    public IReadOnlyList<TufSignature> Signatures { get; }

    public JsonObject Signed { get; }

    /// <summary>The canonical JSON of <see cref="Signed"/>: the bytes signatures are made over.</summary>
    public byte[] SignedBytes => _signedBytes ??= CanonicalJson.Serialize(Signed);

    public static SignedEnvelope Parse(ReadOnlySpan<byte> data, string role)
    {
        var root = new JsonFields(StrictJson.ParseObject(data, role), role, "metadata");
        var signatures = new List<TufSignature>();
        foreach (var item in root.Array("signatures"))
        {
            var entry = JsonFields.Of(item, role, "metadata.signatures[]");
            signatures.Add(new TufSignature(entry.String("keyid"), entry.String("sig")));
        }
        var signed = root.Child("signed").Object;
        var envelope = new SignedEnvelope(signatures, signed);
        try
        {
            // Computed now so that a value with no canonical form is a format error here, not a crash during verification.
            _ = envelope.SignedBytes;
        }
        catch (FormatException e)
        {
            throw new TrustException(role, TrustCheck.Format, $"{role} metadata cannot be verified: {e.Message}.", e);
        }
        return envelope;
    }
}
