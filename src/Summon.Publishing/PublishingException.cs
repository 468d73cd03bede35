namespace Summon.Publishing;

/// <summary>
/// A repository operation was refused or failed: the repository is not initialized, a key is missing, a
/// version is already published, an input is invalid. The message says what happened and what to do;
/// the repository was left as it was.
/// </summary>
public class PublishingException : SummonException
{
    /// <summary>Creates the exception.</summary>
    public PublishingException(string message, Exception? innerException = null) : base(message, innerException) { }
}
