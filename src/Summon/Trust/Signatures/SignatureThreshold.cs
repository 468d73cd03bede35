namespace Summon.Trust;

/// <summary>
/// Checks that metadata carries valid signatures from at least a threshold of the keys its delegator lists for it.
/// Each key counts once, however many signatures name it and under however many key ids it is listed; signatures
/// by unknown keys or in unknown schemes count for nothing but do not fail the check on their own.
/// </summary>
internal static class SignatureThreshold
{
    public static int CountValid(RoleKeys roleKeys, IReadOnlyDictionary<string, TufKey> keys, SignedEnvelope envelope)
    {
        var allowed = roleKeys.KeyIds.ToHashSet(StringComparer.Ordinal);
        var countedIds = new HashSet<string>(StringComparer.Ordinal);
        var countedKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var signature in envelope.Signatures)
        {
            if (!allowed.Contains(signature.KeyId) || countedIds.Contains(signature.KeyId)
                || !keys.TryGetValue(signature.KeyId, out var key)
                || SignatureSchemes.Find(key.KeyType, key.Scheme) is not { } scheme
                || !TryDecodeHex(signature.Signature, out var signatureBytes)
                || !scheme.Verify(key, envelope.SignedBytes, signatureBytes))
            {
                continue;
            }
            if (countedKeys.Add(key.Identity))
            {
                countedIds.Add(signature.KeyId);
            }
        }
        return countedIds.Count;
    }

    /// <summary>Throws <see cref="TrustException"/> (<see cref="TrustCheck.Signature"/>) unless the threshold is met.</summary>
    public static void Verify(string role, string delegatorRole, IDelegator delegator, SignedEnvelope envelope)
    {
        var roleKeys = delegator.KeysFor(role) ?? throw new TrustException(role, TrustCheck.Signature,
            $"{delegatorRole} does not delegate to {role}, so no key is trusted to sign it; the metadata was refused.");
        var valid = CountValid(roleKeys, delegator.Keys, envelope);
        if (valid < roleKeys.Threshold)
        {
            var hint = delegator.Keys.Values.Any(k => k.KeyType == "ed25519") && !SignatureSchemes.Ed25519Available
                ? " This repository uses ed25519 keys: deploy the Summon.Ed25519 package beside the application."
                : " The metadata may be forged or signed with keys this client does not trust yet.";
            throw new TrustException(role, TrustCheck.Signature,
                $"{role} metadata has {valid} valid signature(s) from the keys {delegatorRole} lists for it, but needs {roleKeys.Threshold}.{hint}");
        }
    }

    private static bool TryDecodeHex(string hex, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromHexString(hex);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
