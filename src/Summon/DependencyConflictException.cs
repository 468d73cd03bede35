namespace Summon;

/// <summary>
/// No choice of module versions satisfies the application's requirements and the dependencies of the modules
/// they bring in. The message explains why, step by step, and ends with what to change.
/// </summary>
public sealed class DependencyConflictException : SummonException
{
    /// <summary>Creates the exception with the explanation of the conflict.</summary>
    public DependencyConflictException(string message) : base(message) { }
}
