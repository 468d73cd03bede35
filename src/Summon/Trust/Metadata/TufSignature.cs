namespace Summon.Trust;

/// <summary>One entry of an envelope's <c>signatures</c>: which key claims to have signed, and the hex signature.</summary>
internal sealed record TufSignature(string KeyId, string Signature);
