namespace Summon.Server;

/// <summary>One request the repository server answered.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The request path.</param>
/// <param name="StatusCode">The status code sent.</param>
/// <param name="Bytes">The number of body bytes sent (0 for HEAD, 304 and errors without a body).</param>
public sealed record RequestLogEntry(string Method, string Path, int StatusCode, long Bytes)
{
    /// <summary>The protocol the request came in on, as ASP.NET Core names it (<c>HTTP/1.1</c>, <c>HTTP/2</c>).</summary>
    public string Protocol { get; init; } = "";
}
