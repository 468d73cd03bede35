using System.Text.Json.Nodes;
using Summon.Modules;
using Summon.Publishing.Metadata;

namespace Summon.Publishing;

/// <summary>
/// Adds, finds and removes targets, in whichever targets role is responsible for a path: the deepest
/// delegation that matches it, the same walk a client makes to find it again.
/// </summary>
internal static class TargetsEditor
{
    private const int MaxDepth = 32;

    public static void Add(RepositoryState state, string targetPath, ReadOnlySpan<byte> content)
    {
        ValidatePath(targetPath);
        var info = TargetInfo.Of(content);
        var stored = state.Paths.TargetFile(info.StoredPath(targetPath));
        if (!File.Exists(stored))
        {
            Cache.AtomicFile.Write(stored, content);
        }
        Record(state, targetPath, info);
    }

    public static void AddFile(RepositoryState state, string targetPath, string sourceFile)
    {
        ValidatePath(targetPath);
        var info = TargetInfo.OfFile(sourceFile);
        var stored = state.Paths.TargetFile(info.StoredPath(targetPath));
        if (!File.Exists(stored))
        {
            Cache.AtomicFile.Copy(sourceFile, stored);
        }
        Record(state, targetPath, info);
    }

    public static bool Remove(RepositoryState state, string targetPath)
    {
        if (Find(state, targetPath) is not { } found)
        {
            return false;
        }
        (state.TargetsRole(found.Role).Signed["targets"] as JsonObject)!.Remove(targetPath);
        state.MarkDirty(found.Role);
        return true;
    }

    /// <summary>Finds a target as a client would: a role's own targets first, then its matching delegations in order, depth first.</summary>
    public static (string Role, TargetInfo Info)? Find(RepositoryState state, string targetPath)
    {
        var visited = 0;
        var target = new PathPatterns.Target(targetPath);
        return Search(Roles.Targets, 0);

        (string, TargetInfo)? Search(string role, int depth)
        {
            if (depth > MaxDepth || ++visited > 10_000 || !state.HasTargetsRole(role))
            {
                return null;
            }
            var signed = state.TargetsRole(role).Signed;
            if (signed["targets"]?[targetPath] is JsonObject entry)
            {
                var length = entry["length"]!.GetValue<long>();
                var sha256 = entry["hashes"]?["sha256"]?.GetValue<string>()
                    ?? throw new PublishingException($"Target {targetPath} in role '{role}' has no sha256 hash; remove it and add it again.");
                return (role, new TargetInfo(length, sha256));
            }
            foreach (var (delegated, terminating) in PathPatterns.DelegatedRolesFor(signed["delegations"], target))
            {
                if (Search(delegated, depth + 1) is { } found)
                {
                    return found;
                }
                if (terminating)
                {
                    return null;
                }
            }
            return null;
        }
    }

    public static byte[]? Read(RepositoryState state, string targetPath) =>
        Find(state, targetPath) is { } found ? File.ReadAllBytes(state.Paths.TargetFile(found.Info.StoredPath(targetPath))) : null;

    /// <summary>The role a new target goes in: the first matching delegation at each level, as deep as delegations go.</summary>
    public static string RoleFor(RepositoryState state, string targetPath)
    {
        var role = Roles.Targets;
        var target = new PathPatterns.Target(targetPath);
        for (var depth = 0; depth < MaxDepth; depth++)
        {
            if (!state.HasTargetsRole(role))
            {
                return role;
            }
            var next = PathPatterns.DelegatedRolesFor(state.TargetsRole(role).Signed["delegations"], target).FirstOrDefault().Role;
            if (next is null)
            {
                return role;
            }
            role = next;
        }
        throw new PublishingException($"Delegations nest more than {MaxDepth} levels deep for {targetPath}; simplify the delegations.");
    }

    private static void Record(RepositoryState state, string targetPath, TargetInfo info)
    {
        // A path moves to the role that is responsible for it now, never listed twice.
        if (Find(state, targetPath) is { } existing)
        {
            if (existing.Info == info && existing.Role == RoleFor(state, targetPath))
            {
                return;
            }
            (state.TargetsRole(existing.Role).Signed["targets"] as JsonObject)!.Remove(targetPath);
            state.MarkDirty(existing.Role);
        }
        var role = RoleFor(state, targetPath);
        var document = state.HasTargetsRole(role) ? state.TargetsRole(role) : state.CreateTargetsRole(role);
        var targets = document.Signed["targets"] as JsonObject ?? new JsonObject();
        document.Signed["targets"] = targets;
        targets[targetPath] = info.ToJson();
        state.MarkDirty(role);
    }

    private static void ValidatePath(string targetPath)
    {
        if (!ModulePath.IsSafeRelative(targetPath))
        {
            throw new PublishingException($"'{targetPath}' is not a valid target path: use a relative path with '/' separators and no '.', '..' or empty segments.");
        }
    }
}
