namespace Summon.Trust;

/// <summary>
/// The local copy of trusted metadata, one unversioned file per role (<c>root.json</c>, <c>timestamp.json</c>,
/// <c>&lt;role&gt;.json</c>). Kept across runs so rollback protection survives restarts. Files are replaced
/// atomically, so a crash leaves the old trusted file or the new one, never a torn one.
/// </summary>
internal sealed class MetadataDirectory
{
    public MetadataDirectory(string path) => Path = path;

    public string Path { get; }

    public string FileFor(string roleName) => System.IO.Path.Combine(Path, RoleFileName.ForRole(roleName));

    /// <summary>The stored bytes, or null when there are none (or they cannot be read: local copies are only a cache).</summary>
    public byte[]? TryRead(string roleName)
    {
        try
        {
            return File.ReadAllBytes(FileFor(roleName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Write(string roleName, ReadOnlySpan<byte> data) => Cache.AtomicFile.Write(FileFor(roleName), data);
}
