namespace Summon.Publishing.Keys;

/// <summary>
/// The private keys a publisher has at hand: every key file in the keys folder, found by key id. A role
/// is signed with whichever of its keys are here, so an offline root key is simply a file kept elsewhere.
/// </summary>
internal sealed class KeyRing : IDisposable
{
    private const int MaxKeyFiles = 1000;
    private readonly Dictionary<string, SigningKey> keys = new(StringComparer.Ordinal);

    private KeyRing(string directory) => Directory = directory;

    public string Directory { get; }

    /// <summary>Opens a keys folder, creating it (owner-only) when <paramref name="create"/> is set.</summary>
    public static KeyRing Open(string directory, bool create)
    {
        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
        {
            if (!create)
            {
                throw new PublishingException($"The keys folder {full} does not exist. Pass the folder `summon repo init` wrote the keys to (--keys).");
            }
            if (OperatingSystem.IsWindows())
            {
                System.IO.Directory.CreateDirectory(full);
            }
            else
            {
                System.IO.Directory.CreateDirectory(full, KeyFile.PrivateDirectoryMode);
            }
        }
        var ring = new KeyRing(full);
        var files = System.IO.Directory.EnumerateFiles(full, "*.json").Take(MaxKeyFiles + 1).ToList();
        if (files.Count > MaxKeyFiles)
        {
            throw new PublishingException($"The keys folder {full} holds more than {MaxKeyFiles} files; keep only key files there.");
        }
        foreach (var file in files)
        {
            ring.Add(KeyFile.Read(file));
        }
        return ring;
    }

    public void Add(SigningKey key) => keys.TryAdd(key.KeyId, key);

    public SigningKey? Find(string keyId) => keys.GetValueOrDefault(keyId);

    /// <summary>Saves a new key into the folder under a name that says which role it is for.</summary>
    public void SaveNew(SigningKey key, string role)
    {
        var path = Path.Combine(Directory, $"{role}-{key.KeyId[..8]}.json");
        key.Save(path);
        Add(key);
    }

    public void Dispose()
    {
        foreach (var key in keys.Values)
        {
            key.Dispose();
        }
        keys.Clear();
    }
}
