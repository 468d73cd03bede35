namespace Summon;

/// <summary>
/// How far the downloads of one import, prefetch, update or lazy-file fetch have got. Reports come per chunk
/// (at most about ten a second) and once when each file is complete; the last one of an operation that succeeds has
/// <see cref="BytesReceived"/> equal to <see cref="BytesTotal"/> and <see cref="FilesCompleted"/> equal to
/// <see cref="FilesTotal"/>. Nothing is reported when everything came from the cache.
/// </summary>
/// <param name="ModuleId">The module the file belongs to.</param>
/// <param name="Version">The module version.</param>
/// <param name="File">The file's path inside the module, with '/'.</param>
/// <param name="FileBytesReceived">Bytes of this file received so far. They are hashed as they arrive; the hash is checked once the file is complete, and the report that says so comes after the check.</param>
/// <param name="FileLength">This file's signed length.</param>
/// <param name="FilesCompleted">Files of the operation completely downloaded.</param>
/// <param name="FilesTotal">Files the operation downloads. It grows if the operation finds more to fetch (a prefetch that includes lazy files learns of them once the module is installed).</param>
/// <param name="BytesReceived">Bytes of the operation received so far.</param>
/// <param name="BytesTotal">Bytes the operation downloads (the signed lengths of its files). It grows, as <paramref name="FilesTotal"/> does, by what must be fetched again when the cache is cleared during an install.</param>
public readonly record struct DownloadProgress(
    string ModuleId, string Version, string File,
    long FileBytesReceived, long FileLength,
    int FilesCompleted, int FilesTotal,
    long BytesReceived, long BytesTotal);
