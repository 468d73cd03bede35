using System.Text.Json.Nodes;
using Summon.Publishing.Keys;
using Summon.Publishing.Metadata;

namespace Summon.Publishing;

/// <summary>
/// Changes to root: a new root version is valid only when signed by a threshold of the old root's keys
/// and of its own, so clients can follow a rotation step by step. When the root keys are kept offline the
/// new root waits, partly signed, in the keys folder until <c>summon repo sign-root</c> completes it.
/// </summary>
internal static class RootEditor
{
    public static string PendingPath(KeyRing keys) => Path.Combine(keys.Directory, "pending", "root.json");

    /// <summary>Root N+1: the current root's content with a new version and expiry, unsigned.</summary>
    public static MetadataDocument Next(RepositoryState state)
    {
        var next = new MetadataDocument((JsonObject)JsonNode.Parse(state.Root.Signed.ToJsonString())!);
        next.Version = state.Root.Version + 1;
        next.Expires = state.Clock() + Roles.DefaultLifetime(Roles.Root);
        return next;
    }

    /// <summary>
    /// The root to change next: the one already waiting for signatures if there is one (so a second change
    /// adds to the first instead of dropping it), else root N+1. Its signatures are dropped when
    /// <paramref name="changing"/>, since they would no longer match.
    /// </summary>
    public static MetadataDocument Draft(RepositoryState state, bool changing)
    {
        var draft = ReadPending(state) ?? Next(state);
        if (changing)
        {
            draft.ClearSignatures();
            draft.Expires = state.Clock() + Roles.DefaultLifetime(Roles.Root);
        }
        return draft;
    }

    /// <summary>Adds signatures from every root key at hand (old and new) and says whether both thresholds are now met.</summary>
    public static bool SignWithAvailable(MetadataDocument previous, MetadataDocument next, Func<string, SigningKey?> find)
    {
        var (oldIds, _) = RepositoryState.RoleKeysIn(previous.Signed["roles"]?[Roles.Root] as JsonObject, Roles.Root);
        var (newIds, _) = RepositoryState.RoleKeysIn(next.Signed["roles"]?[Roles.Root] as JsonObject, Roles.Root);
        foreach (var keyId in oldIds.Concat(newIds).Distinct(StringComparer.Ordinal))
        {
            if (!next.HasSignatureBy(keyId) && find(keyId) is { } key)
            {
                next.Sign(key);
            }
        }
        return MissingSignatures(previous, next) == 0;
    }

    /// <summary>How many more signatures the new root needs (old root's threshold and its own, whichever is short).</summary>
    public static int MissingSignatures(MetadataDocument previous, MetadataDocument next)
    {
        var signers = next.SignerKeyIds().ToHashSet(StringComparer.Ordinal);
        var (oldIds, oldThreshold) = RepositoryState.RoleKeysIn(previous.Signed["roles"]?[Roles.Root] as JsonObject, Roles.Root);
        var (newIds, newThreshold) = RepositoryState.RoleKeysIn(next.Signed["roles"]?[Roles.Root] as JsonObject, Roles.Root);
        return Math.Max(
            Math.Max(0, oldThreshold - oldIds.Count(signers.Contains)),
            Math.Max(0, newThreshold - newIds.Count(signers.Contains)));
    }

    /// <summary>
    /// Signs and publishes root N+1 if the keys at hand suffice, then re-signs every role whose keys changed;
    /// otherwise leaves it pending. Returns true when published.
    /// </summary>
    public static bool Propose(RepositoryState state, MetadataDocument next, IEnumerable<SigningKey>? extraKeys = null)
    {
        var extra = (extraKeys ?? []).ToDictionary(k => k.KeyId, StringComparer.Ordinal);
        if (!SignWithAvailable(state.Root, next, id => state.Keys.Find(id) ?? extra.GetValueOrDefault(id)))
        {
            Cache.AtomicFile.Write(PendingPath(state.Keys), next.ToBytes());
            return false;
        }
        Publish(state, next);
        return true;
    }

    public static void Publish(RepositoryState state, MetadataDocument next)
    {
        var previous = state.Root;
        // Check that the roles whose keys changed can be re-signed before the new root becomes visible.
        var changed = Roles.TopLevel.Where(r => r != Roles.Root && !SameKeys(previous, next, r)).ToList();
        foreach (var role in changed)
        {
            var (keyIds, threshold) = RepositoryState.RoleKeysIn(next.Signed["roles"]?[role] as JsonObject, role);
            var available = keyIds.Count(id => state.Keys.Find(id) is not null);
            if (available < threshold)
            {
                throw new PublishingException($"The new root gives role '{role}' keys that are not in {state.Keys.Directory}; put them there before publishing the new root.");
            }
        }
        state.WriteRoot(next);
        var pending = PendingPath(state.Keys);
        if (File.Exists(pending))
        {
            File.Delete(pending);
        }
        foreach (var role in changed)
        {
            state.MarkDirty(role);
        }
        state.Commit();
    }

    public static MetadataDocument? ReadPending(RepositoryState state)
    {
        var path = PendingPath(state.Keys);
        if (!File.Exists(path))
        {
            return null;
        }
        var pending = MetadataDocument.Read(path);
        if (pending.Version != state.Root.Version + 1)
        {
            // A root was published since this one was proposed; it can never become valid.
            File.Delete(path);
            return null;
        }
        return pending;
    }

    private static bool SameKeys(MetadataDocument a, MetadataDocument b, string role)
    {
        var (aIds, aThreshold) = RepositoryState.RoleKeysIn(a.Signed["roles"]?[role] as JsonObject, role);
        var (bIds, bThreshold) = RepositoryState.RoleKeysIn(b.Signed["roles"]?[role] as JsonObject, role);
        return aThreshold == bThreshold && aIds.ToHashSet().SetEquals(bIds);
    }
}
