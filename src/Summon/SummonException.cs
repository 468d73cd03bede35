namespace Summon;

/// <summary>
/// The base of every failure Summon reports. Its message says what happened and what to do next.
/// </summary>
public class SummonException : Exception
{
    /// <summary>Creates an exception with a message that says what happened and what to do.</summary>
    public SummonException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and the failure that caused it.</summary>
    public SummonException(string message, Exception? innerException) : base(message, innerException) { }
}

/// <summary>
/// Summon is configured wrongly: a missing or unreadable trusted root, a malformed repository URL,
/// an invalid version range. Nothing was fetched.
/// </summary>
public class SummonConfigurationException : SummonException
{
    /// <summary>Creates the exception.</summary>
    public SummonConfigurationException(string message, Exception? innerException = null) : base(message, innerException) { }
}

/// <summary>The repository does not know the module, or has no version of it that satisfies the request.</summary>
public class ModuleNotFoundException : SummonException
{
    /// <summary>Creates the exception.</summary>
    public ModuleNotFoundException(string moduleId, string message) : base(message) => ModuleId = moduleId;

    /// <summary>The module that was asked for.</summary>
    public string ModuleId { get; }
}

/// <summary>
/// The repository could not be reached (or Summon is offline) and the module is not in the cache.
/// </summary>
public class RepositoryUnavailableException : SummonException
{
    /// <summary>Creates the exception.</summary>
    public RepositoryUnavailableException(string repository, string message, Exception? innerException = null)
        : base(message, innerException) => Repository = repository;

    /// <summary>The repository URL that could not be reached.</summary>
    public string Repository { get; }
}

/// <summary>
/// A download failed at the transport level: an HTTP error status, a connection failure, a timeout,
/// or more bytes than allowed.
/// </summary>
public class DownloadException : SummonException
{
    /// <summary>Creates the exception.</summary>
    public DownloadException(Uri url, string message, int? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Url = url;
        StatusCode = statusCode;
    }

    /// <summary>The URL that failed.</summary>
    public Uri Url { get; }

    /// <summary>The HTTP status code, when the server answered with an error.</summary>
    public int? StatusCode { get; }
}

/// <summary>
/// Repository metadata failed a TUF check (signature, threshold, version, expiry, hash, length).
/// The trusted state was left as it was.
/// </summary>
public class TrustException : SummonException
{
    /// <summary>Creates the exception.</summary>
    public TrustException(string role, TrustCheck check, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Role = role;
        Check = check;
    }

    /// <summary>The TUF role whose metadata was refused (root, timestamp, snapshot, targets, or a delegated role).</summary>
    public string Role { get; }

    /// <summary>The check that failed.</summary>
    public TrustCheck Check { get; }
}

/// <summary>The TUF check that refused a piece of repository metadata.</summary>
public enum TrustCheck
{
    /// <summary>The metadata could not be parsed, or does not follow the specification.</summary>
    Format,
    /// <summary>Not enough valid signatures from the role's keys.</summary>
    Signature,
    /// <summary>A version number went back, or did not match what the parent role recorded.</summary>
    Version,
    /// <summary>The metadata has expired.</summary>
    Expiry,
    /// <summary>A length or hash did not match what the parent role recorded.</summary>
    LengthOrHash,
    /// <summary>The metadata is of the wrong type, or a role name does not match.</summary>
    Type,
    /// <summary>The metadata is larger than allowed.</summary>
    Size,
}

/// <summary>
/// A module file did not match what the signed repository metadata says about it. Nothing was installed.
/// </summary>
public class ModuleVerificationException : SummonException
{
    /// <summary>Creates the exception.</summary>
    public ModuleVerificationException(string moduleId, string file, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ModuleId = moduleId;
        File = file;
    }

    /// <summary>The module whose file was refused.</summary>
    public string ModuleId { get; }

    /// <summary>The file within the module that was refused.</summary>
    public string File { get; }
}
