namespace Summon;

/// <summary>When Summon asks the repository whether cached modules are still current (not revoked).</summary>
public enum FreshnessPolicy
{
    /// <summary>
    /// At most once per <see cref="SummonOptions.FreshnessInterval"/>, in the background: a cached module loads at
    /// once, and what the check finds (a revocation) applies from the next load on.
    /// </summary>
    Interval,

    /// <summary>Before every first load in a process; if the repository cannot be reached the cached module loads anyway.</summary>
    Always,

    /// <summary>Never: only <c>summon update</c> or <see cref="Summoner.UpdateAsync(string?, CancellationToken)"/> change what is cached.</summary>
    Never,
}

/// <summary>What happens to a cached module version its publisher revoked.</summary>
public enum RevokedVersionPolicy
{
    /// <summary>Install and load the newest version the application allows that is not revoked, logging why.</summary>
    Upgrade,

    /// <summary>Refuse to load it, with an error that gives the publisher's reason and what to run.</summary>
    Refuse,
}
