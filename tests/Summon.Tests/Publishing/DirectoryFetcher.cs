using Summon.Transport;

namespace Summon.Tests.Publishing;

/// <summary>Serves a repository folder to the updater without HTTP: <c>https://repo.test/X</c> is the file <c>X</c>.</summary>
internal sealed class DirectoryFetcher(string root) : IFetcher
{
    public static readonly Uri MetadataUrl = new("https://repo.test/metadata/");
    public static readonly Uri TargetsUrl = new("https://repo.test/targets/");

    public List<string> Requests { get; } = [];

    public Task<byte[]> FetchBytesAsync(Uri url, long maxLength, CancellationToken cancellationToken)
    {
        var path = Path.Combine(root, Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/')));
        lock (Requests)
        {
            Requests.Add(url.AbsolutePath);
        }
        if (!File.Exists(path))
        {
            throw new DownloadException(url, $"{url} answered 404 Not Found.", 404);
        }
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length > maxLength)
        {
            throw new DownloadException(url, $"{url} is longer than {maxLength} bytes.");
        }
        return Task.FromResult(bytes);
    }

    public async Task FetchToStreamAsync(Uri url, Stream destination, long maxLength, CancellationToken cancellationToken)
    {
        var bytes = await FetchBytesAsync(url, maxLength, cancellationToken);
        await destination.WriteAsync(bytes, cancellationToken);
    }
}
