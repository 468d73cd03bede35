using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Summon.FaultInjection;

/// <summary>
/// Lets another process steer a running fault server (plain text, so any HTTP client will do):
/// <c>POST /_fault/inject?rule=PATTERN:SPEC</c>, <c>POST /_fault/clear</c>, <c>GET /_fault/requests</c> (one
/// <c>count path</c> line per path). Control requests are neither faulted nor counted.
/// </summary>
public static class ControlEndpoints
{
    /// <summary>The path prefix of the control endpoints.</summary>
    public const string Prefix = "/_fault";

    internal static void Map(IEndpointRouteBuilder routes, FaultServer server)
    {
        routes.MapPost($"{Prefix}/inject", (HttpContext context) =>
        {
            try
            {
                var (pattern, fault) = FaultSpec.ParseRule(context.Request.Query["rule"].ToString());
                server.Inject(pattern, fault);
                return Results.Text("ok\n");
            }
            catch (FormatException e)
            {
                return Results.BadRequest(e.Message);
            }
        });
        routes.MapPost($"{Prefix}/clear", () =>
        {
            server.ClearFaults();
            return Results.Text("ok\n");
        });
        routes.MapGet($"{Prefix}/requests", () =>
        {
            var text = new StringBuilder();
            foreach (var (path, count) in server.RequestCounts.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                text.Append(count).Append(' ').Append(path).Append('\n');
            }
            return Results.Text(text.ToString());
        });
    }
}
