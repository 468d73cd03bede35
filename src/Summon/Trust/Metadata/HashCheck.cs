using System.Security.Cryptography;

namespace Summon.Trust;

/// <summary>
/// Hashes bytes as they pass (so a target is checked while it streams, not read twice) and compares the result
/// with what signed metadata recorded. Algorithms this client does not know are skipped, so a repository may add
/// a newer one beside sha256; but at least one listed algorithm must be known.
/// </summary>
internal sealed class HashCheck : IDisposable
{
    private readonly List<(string Name, string Expected, IncrementalHash Hash)> _hashes = [];
    private readonly string _role;
    private readonly string _subject;

    public HashCheck(IReadOnlyDictionary<string, string>? expected, string role, string subject)
    {
        _role = role;
        _subject = subject;
        if (expected is null)
        {
            return;
        }
        foreach (var (name, value) in expected)
        {
            if (Create(name) is { } hash)
            {
                _hashes.Add((name, value, hash));
            }
        }
        if (expected.Count > 0 && _hashes.Count == 0)
        {
            throw new TrustException(role, TrustCheck.LengthOrHash,
                $"{subject} is listed only with hash algorithms this client does not support ({string.Join(", ", expected.Keys)}); the repository must also list sha256.");
        }
    }

    public long Length { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        Length += data.Length;
        foreach (var (_, _, hash) in _hashes)
        {
            hash.AppendData(data);
        }
    }

    /// <summary>Throws unless the bytes seen so far have the expected length (when one is given) and every known hash.</summary>
    public void Verify(long? expectedLength)
    {
        if (expectedLength is { } length && Length != length)
        {
            throw new TrustException(_role, TrustCheck.LengthOrHash,
                $"{_subject} is {Length} bytes but {_role} metadata says {length}: the file was changed or substituted after signing; it was not used.");
        }
        foreach (var (name, expected, hash) in _hashes)
        {
            var actual = Convert.ToHexString(hash.GetHashAndReset());
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                throw new TrustException(_role, TrustCheck.LengthOrHash,
                    $"{_subject} has {name} {actual.ToLowerInvariant()} but {_role} metadata says {expected}: the file was changed or substituted after signing; it was not used.");
            }
        }
    }

    public static void VerifyBytes(ReadOnlySpan<byte> data, long? length, IReadOnlyDictionary<string, string>? hashes, string role, string subject)
    {
        using var check = new HashCheck(hashes, role, subject);
        check.Append(data);
        check.Verify(length);
    }

    public void Dispose()
    {
        foreach (var (_, _, hash) in _hashes)
        {
            hash.Dispose();
        }
    }

    private static IncrementalHash? Create(string name) => name switch
    {
        "sha256" => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
        "sha384" => IncrementalHash.CreateHash(HashAlgorithmName.SHA384),
        "sha512" => IncrementalHash.CreateHash(HashAlgorithmName.SHA512),
        _ => null,
    };
}
