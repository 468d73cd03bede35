using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Summon.Server;

/// <summary>Serving a Summon repository folder from an ASP.NET Core application.</summary>
public static partial class RepositoryEndpoints
{
    // Hashed target files never change, so caches may keep them for a year without asking again.
    private const string ImmutableCacheControl = "public, max-age=31536000, immutable";

    /// <summary>
    /// Serves the repository in <paramref name="repositoryDirectory"/> under <paramref name="prefix"/>
    /// (GET and HEAD): metadata with <c>Cache-Control: no-cache</c>, hashed targets as immutable with ETags
    /// and range requests. Paths outside the repository's <c>metadata</c> and <c>targets</c> folders get 404.
    /// </summary>
    public static IEndpointConventionBuilder MapSummonRepository(this IEndpointRouteBuilder endpoints, string prefix, string repositoryDirectory)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var root = Path.GetFullPath(repositoryDirectory);
        var pattern = prefix.TrimEnd('/') + "/{**path}";
        return endpoints.MapMethods(pattern, [HttpMethods.Get, HttpMethods.Head], (HttpContext context, string? path) => Serve(context, root, path));
    }

    private static IResult Serve(HttpContext context, string root, string? path)
    {
        if (RepositoryRequestPath.Resolve(root, path) is not { } resolved)
        {
            return Results.NotFound();
        }
        var info = new FileInfo(resolved.File);
        if (!info.Exists)
        {
            return Results.NotFound();
        }
        if (resolved.Area == RepositoryRequestPath.Area.Metadata)
        {
            // Metadata changes in place (timestamp.json, root.json): clients must always revalidate.
            context.Response.Headers.CacheControl = "no-cache";
            var etag = new EntityTagHeaderValue($"\"{info.Length:x}-{info.LastWriteTimeUtc.Ticks:x}\"");
            return Results.File(info.FullName, "application/json", lastModified: info.LastWriteTimeUtc, entityTag: etag, enableRangeProcessing: true);
        }
        var name = info.Name;
        var hash = HashPrefix().Match(name);
        if (hash.Success)
        {
            context.Response.Headers.CacheControl = ImmutableCacheControl;
        }
        var tag = new EntityTagHeaderValue(hash.Success ? $"\"{hash.Groups[1].Value}\"" : $"\"{info.Length:x}-{info.LastWriteTimeUtc.Ticks:x}\"");
        return Results.File(info.FullName, "application/octet-stream", lastModified: info.LastWriteTimeUtc, entityTag: tag, enableRangeProcessing: true);
    }

    [GeneratedRegex("^([0-9a-f]{64})\\.", RegexOptions.CultureInvariant)]
    private static partial Regex HashPrefix();
}
