namespace Summon.Trust;

/// <summary>A targets role's delegations: the keys it hands out, and either an ordered list of roles or succinct hash bins.</summary>
internal sealed class Delegations
{
    private readonly Dictionary<string, DelegatedRole>? _byName;

    private Delegations(IReadOnlyDictionary<string, TufKey> keys, IReadOnlyList<DelegatedRole>? roles, SuccinctRoles? succinctRoles)
    {
        Keys = keys;
        Roles = roles;
        SuccinctRoles = succinctRoles;
        _byName = roles?.ToDictionary(r => r.Name, StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, TufKey> Keys { get; }

    /// <summary>In order of appearance, which is the order of trust.</summary>
    public IReadOnlyList<DelegatedRole>? Roles { get; }

    public SuccinctRoles? SuccinctRoles { get; }

    public RoleKeys? KeysFor(string roleName)
    {
        if (_byName is not null)
        {
            return _byName.GetValueOrDefault(roleName)?.Keys;
        }
        return SuccinctRoles is not null && SuccinctRoles.Layout.IsDelegatedRole(roleName) ? SuccinctRoles.Keys : null;
    }

    /// <summary>The roles that may sign for <paramref name="targetPath"/>, in order of trust.</summary>
    public IEnumerable<(string Name, bool Terminating)> RolesForTarget(string targetPath)
    {
        if (Roles is not null)
        {
            // Hashed once, for the first role that matches on hashes, rather than once per role (a repository in
            // hash-prefix bins delegates to thousands), and not at all where roles match on path patterns.
            string? pathHash = null;
            foreach (var role in Roles)
            {
                if (role.IsDelegatedPath(targetPath, role.PathHashPrefixes is null ? null : pathHash ??= DelegatedRole.PathHash(targetPath)))
                {
                    yield return (role.Name, role.Terminating);
                }
            }
        }
        else if (SuccinctRoles is not null)
        {
            // Exactly one bin can hold a path, so there is nowhere else to look: terminating.
            yield return (SuccinctRoles.Layout.RoleForTarget(targetPath), true);
        }
    }

    public static Delegations Parse(JsonFields fields, string role)
    {
        var keys = TufKey.ParseKeys(fields.Child("keys"), role);
        var rolesArray = fields.OptionalArray("roles");
        var succinct = fields.OptionalChild("succinct_roles");
        if ((rolesArray is null) == (succinct is null))
        {
            throw JsonFields.Malformed(role, "delegations must have exactly one of roles and succinct_roles");
        }
        if (succinct is { } succinctFields)
        {
            return new Delegations(keys, null, SuccinctRoles.Parse(succinctFields));
        }
        var roles = new List<DelegatedRole>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in rolesArray!)
        {
            var delegated = DelegatedRole.Parse(JsonFields.Of(item, role, "signed.delegations.roles[]"), role);
            if (RoleNames.TopLevel.Contains(delegated.Name))
            {
                // A delegated role named like a top-level role would be stored over that role's file.
                throw JsonFields.Malformed(role, $"a delegated role may not be named \"{delegated.Name}\"");
            }
            if (!names.Add(delegated.Name))
            {
                throw JsonFields.Malformed(role, $"delegated role \"{delegated.Name}\" is listed twice");
            }
            roles.Add(delegated);
        }
        return new Delegations(keys, roles, null);
    }
}
