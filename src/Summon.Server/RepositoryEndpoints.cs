using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Summon.Server.Overview;

namespace Summon.Server;

/// <summary>Serving a Summon repository folder from an ASP.NET Core application.</summary>
public static class RepositoryEndpoints
{
    private const int MaxFilterLength = 200;

    // The page is built by the server, and whatever came from publishers in it is encoded; this forbids scripts,
    // frames and remote loads on top, so a mistake in encoding still runs nothing.
    private const string PagePolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>
    /// Serves the repository in <paramref name="repositoryDirectory"/> under <paramref name="prefix"/> (GET and
    /// HEAD; <c>""</c> for the site root): metadata and targets with the cache headers a CDN can follow
    /// (<c>no-cache</c> for files that change in place, a year and <c>immutable</c> for versioned metadata and
    /// hash-named targets), ETags, conditional and range requests; and at <c>prefix/</c> a page for people listing
    /// modules, versions, revocations, signing keys and expiry dates. Paths outside the repository's <c>metadata</c>
    /// and <c>targets</c> folders get 404.
    /// </summary>
    public static IEndpointConventionBuilder MapSummonRepository(this IEndpointRouteBuilder endpoints, string prefix, string repositoryDirectory)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        var root = Path.GetFullPath(repositoryDirectory);
        var normalized = prefix.Trim('/') is { Length: > 0 } trimmed ? "/" + trimmed : "";
        var overview = new RepositoryOverviewReader(root);
        return endpoints.MapMethods(normalized + "/{**path}", [HttpMethods.Get, HttpMethods.Head],
            (HttpContext context, string? path) => string.IsNullOrEmpty(path) ? Page(context, normalized, overview) : Serve(context, root, path));
    }

    private static IResult Serve(HttpContext context, string root, string path)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        if (RepositoryRequestPath.Resolve(root, path) is not { } resolved || new FileInfo(resolved.File) is not { Exists: true } info)
        {
            headers.CacheControl = RepositoryCachePolicy.Missing;
            return Results.NotFound();
        }
        var immutable = RepositoryCachePolicy.IsImmutable(resolved.Area, info.Name);
        headers.CacheControl = immutable ? RepositoryCachePolicy.Immutable : RepositoryCachePolicy.Revalidate;
        var hash = resolved.Area == RepositoryRequestPath.Area.Targets ? RepositoryCachePolicy.ContentHash(info.Name) : null;
        // A hash-named target's tag is its hash, the same on every server that holds it; other files are tagged like nginx does.
        var tag = new EntityTagHeaderValue(hash is not null ? $"\"{hash}\"" : $"\"{info.LastWriteTimeUtc.Ticks:x}-{info.Length:x}\"");
        var type = resolved.Area == RepositoryRequestPath.Area.Metadata ? "application/json" : "application/octet-stream";
        return Results.File(info.FullName, type, lastModified: info.LastWriteTimeUtc, entityTag: tag, enableRangeProcessing: true);
    }

    private static IResult Page(HttpContext context, string prefix, RepositoryOverviewReader reader)
    {
        var request = context.Request;
        if (!request.Path.HasValue || !request.Path.Value.EndsWith('/'))
        {
            // Relative links on the page (metadata/1.root.json, ?page=2) need the folder form of the address.
            return Results.Redirect($"{request.PathBase}{request.Path}/{request.QueryString}", permanent: true);
        }
        var filter = request.Query["q"].ToString() is { Length: > 0 } q ? q[..Math.Min(q.Length, MaxFilterLength)] : null;
        var page = int.TryParse(request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 1;
        var url = $"{request.Scheme}://{request.Host}{request.PathBase}{prefix}/";
        var html = OverviewPage.Render(reader, url, filter, page, DateTimeOffset.UtcNow);
        var headers = context.Response.Headers;
        headers.CacheControl = RepositoryCachePolicy.Revalidate;
        headers.ContentSecurityPolicy = PagePolicy;
        headers.XContentTypeOptions = "nosniff";
        return Results.Content(html, "text/html; charset=utf-8");
    }
}
