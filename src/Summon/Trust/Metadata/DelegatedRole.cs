using System.Security.Cryptography;
using System.Text;

namespace Summon.Trust;

/// <summary>One entry of <c>delegations.roles</c>: a role name, its keys, whether it is terminating, and which paths it may sign for.</summary>
internal sealed class DelegatedRole
{
    private DelegatedRole(string name, RoleKeys keys, bool terminating, IReadOnlyList<string>? paths, IReadOnlyList<string>? pathHashPrefixes)
    {
        Name = name;
        Keys = keys;
        Terminating = terminating;
        Paths = paths;
        PathHashPrefixes = pathHashPrefixes;
    }

    public string Name { get; }

    public RoleKeys Keys { get; }

    public bool Terminating { get; }

    public IReadOnlyList<string>? Paths { get; }

    public IReadOnlyList<string>? PathHashPrefixes { get; }

    /// <summary>Whether this role may sign for <paramref name="targetPath"/>.</summary>
    /// <param name="targetPath">The target's path.</param>
    /// <param name="pathHash">The path's <see cref="PathHash"/>, worked out once by a caller asking many roles (hashed bins have thousands); null to have it worked out here.</param>
    public bool IsDelegatedPath(string targetPath, string? pathHash = null)
    {
        if (Paths is not null)
        {
            return Paths.Any(pattern => PathPattern.Matches(targetPath, pattern));
        }
        if (PathHashPrefixes is not null)
        {
            var hash = pathHash ?? PathHash(targetPath);
            return PathHashPrefixes.Any(prefix => hash.StartsWith(prefix, StringComparison.Ordinal));
        }
        return false;
    }

    /// <summary>What <c>path_hash_prefixes</c> are prefixes of: <see cref="PathDigest"/> in lowercase hex.</summary>
    public static string PathHash(string targetPath) => Convert.ToHexString(PathDigest(targetPath)).ToLowerInvariant();

    /// <summary>The SHA-256 of the target path's UTF-8 bytes, which both hash-prefix roles and succinct hash bins take a target by.</summary>
    public static byte[] PathDigest(string targetPath) => SHA256.HashData(Encoding.UTF8.GetBytes(targetPath));

    public static DelegatedRole Parse(JsonFields fields, string role)
    {
        var name = fields.String("name");
        var paths = fields.OptionalStringList("paths", distinct: false);
        var prefixes = fields.OptionalStringList("path_hash_prefixes", distinct: false);
        if (paths is not null && prefixes is not null)
        {
            throw JsonFields.Malformed(role, $"delegated role \"{name}\" has both paths and path_hash_prefixes; only one is allowed");
        }
        return new DelegatedRole(name, RoleKeys.Parse(fields), fields.Boolean("terminating"), paths, prefixes);
    }
}
