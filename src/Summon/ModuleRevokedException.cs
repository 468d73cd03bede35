namespace Summon;

/// <summary>
/// A module version was revoked by its publisher (a security fix, a broken build), and policy or the lock file
/// says not to load it. The message gives the publisher's reason and the command that moves on.
/// </summary>
public class ModuleRevokedException : SummonException
{
    /// <summary>Creates the exception.</summary>
    public ModuleRevokedException(string moduleId, string version, string reason, string message) : base(message)
    {
        ModuleId = moduleId;
        Version = version;
        Reason = reason;
    }

    /// <summary>The revoked module.</summary>
    public string ModuleId { get; }

    /// <summary>The revoked version.</summary>
    public string Version { get; }

    /// <summary>Why its publisher revoked it.</summary>
    public string Reason { get; }
}
