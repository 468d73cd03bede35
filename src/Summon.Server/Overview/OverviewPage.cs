using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Summon.Trust;

namespace Summon.Server.Overview;

/// <summary>
/// The repository's page for people: modules and versions (revoked ones marked), signing keys per role and
/// metadata expiry, with a visible warning when something expires soon. Server-rendered, no script. Everything
/// that comes from the repository (module ids, revocation reasons, role names, paths) is HTML-encoded.
/// </summary>
internal static class OverviewPage
{
    public const int PageSize = 100;
    private const int MaxVersionsShown = 30;
    private const int MaxDelegationsShown = 50;

    /// <summary>The timestamp lives a day and is re-signed every 12 hours by a scheduled `summon repo refresh`.</summary>
    private static readonly TimeSpan TimestampWarning = TimeSpan.FromHours(6);

    /// <summary>The other roles are renewed by the same refresh long before this.</summary>
    private static readonly TimeSpan RoleWarning = TimeSpan.FromDays(3);

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    private const string Style =
        "body{font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",sans-serif;margin:1.5rem auto;max-width:72rem;padding:0 1rem;color:#1b1b1b;background:#fff}" +
        "h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc;padding-bottom:.2rem}" +
        "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #eee;vertical-align:top}" +
        "th{background:#f5f5f5}code{font:13px ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}" +
        ".alert{padding:.6rem 1rem;border-radius:4px;margin:1rem 0;border:1px solid}" +
        ".warn{background:#fff4ce;color:#5c4400;border-color:#e8c860}.expired{background:#fde7e9;color:#a4262c;border-color:#e8a0a6;font-weight:600}" +
        ".ok{color:#2e7d32}.revoked{color:#a4262c}.revoked s{font-weight:600}.muted{color:#666}" +
        "nav{margin:1rem 0}nav a{margin-right:1rem}form{margin:.5rem 0}input{font:inherit;padding:.2rem .4rem}";

    public static string Render(RepositoryOverviewReader reader, string repositoryUrl, string? filter, int page, DateTimeOffset now)
    {
        var overview = reader.Current();
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>Summon repository</title><style>").Append(Style).Append("</style></head><body>\n")
            .Append("<h1>Summon repository</h1>\n<p>Applications use it with <code>\"repository\": \"").Append(E(repositoryUrl))
            .Append("\"</code> in <code>summon.json</code> and this repository's first root (<a href=\"metadata/1.root.json\">metadata/1.root.json</a>) as their trusted root.</p>\n");
        if (overview.Problem is { } problem)
        {
            html.Append("<p class=\"alert expired\" role=\"alert\">The repository cannot be shown: ").Append(E(problem)).Append(".</p>\n</body></html>\n");
            return html.ToString();
        }
        html.Append("<p class=\"muted\">Metadata: root version ").Append(overview.RootVersion)
            .Append(", snapshot version ").Append(overview.SnapshotVersion)
            .Append(", timestamp version ").Append(overview.TimestampVersion)
            .Append(overview.ConsistentSnapshot ? " (consistent snapshots)" : " (without consistent snapshots)").Append(". Shown ").Append(Date(now)).Append(".</p>\n");
        AppendAlerts(html, overview, now);
        AppendModules(html, overview, reader, filter, page);
        AppendExpiry(html, overview, now);
        AppendKeys(html, overview);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void AppendAlerts(StringBuilder html, RepositoryOverview overview, DateTimeOffset now)
    {
        var roles = overview.TopLevelExpiries.Concat(overview.DelegatedExpiries).ToList();
        var expired = roles.Where(r => State(r, now) == ExpiryState.Expired).ToList();
        var soon = roles.Where(r => State(r, now) == ExpiryState.Soon).ToList();
        if (expired.Count > 0)
        {
            html.Append("<p class=\"alert expired\" role=\"alert\">Expired: ").Append(E(FirstTen(expired.Select(r => r.Role), expired.Count)))
                .Append(". Clients refuse this repository until the publisher runs <code>summon repo refresh</code>.</p>\n");
        }
        if (soon.Count > 0)
        {
            html.Append("<p class=\"alert warn\" role=\"alert\">Expiring soon: ")
                .Append(E(FirstTen(soon.Select(r => $"{r.Role} {Relative(r.Expires!.Value, now)}"), soon.Count)))
                .Append(". Run <code>summon repo refresh</code> (on a schedule) before then.</p>\n");
        }

        static string FirstTen(IEnumerable<string> items, int count) =>
            string.Join(", ", items.Take(10)) + (count > 10 ? $" and {count - 10} more" : "");
    }

    private static void AppendModules(StringBuilder html, RepositoryOverview overview, RepositoryOverviewReader reader, string? filter, int page)
    {
        IReadOnlyList<string> ids = string.IsNullOrEmpty(filter)
            ? overview.ModuleIds
            : [.. overview.ModuleIds.Where(id => id.Contains(filter, StringComparison.OrdinalIgnoreCase))];
        var pages = Math.Max(1, (ids.Count + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var first = (page - 1) * PageSize;
        var shown = ids.Skip(first).Take(PageSize).ToList();

        html.Append("<h2 id=\"modules\">Modules</h2>\n<form method=\"get\" action=\"\"><label>Filter <input name=\"q\" value=\"").Append(E(filter ?? ""))
            .Append("\"></label> <button type=\"submit\">Show</button></form>\n<p>");
        if (ids.Count == 0)
        {
            html.Append(string.IsNullOrEmpty(filter) ? "No modules are published yet." : "No module matches this filter.");
        }
        else
        {
            html.Append("Modules ").Append(N(first + 1)).Append("–").Append(N(first + shown.Count)).Append(" of ").Append(N(ids.Count));
            if (!string.IsNullOrEmpty(filter))
            {
                html.Append(" matching <code>").Append(E(filter)).Append("</code> (").Append(N(overview.ModuleIds.Count)).Append(" in all)");
            }
            html.Append('.');
        }
        html.Append("</p>\n");
        if (shown.Count > 0)
        {
            html.Append("<table class=\"modules\"><thead><tr><th>Module</th><th>Versions, newest first</th></tr></thead><tbody>\n");
            foreach (var id in shown)
            {
                html.Append("<tr><td><code>").Append(E(id)).Append("</code></td><td>");
                AppendVersions(html, reader.ReadIndex(id, overview.IndexHashes[id]));
                html.Append("</td></tr>\n");
            }
            html.Append("</tbody></table>\n");
        }
        if (pages > 1)
        {
            html.Append("<nav>");
            if (page > 1)
            {
                html.Append("<a rel=\"prev\" href=\"").Append(E(PageLink(filter, page - 1))).Append("\">← Previous</a>");
            }
            html.Append("Page ").Append(N(page)).Append(" of ").Append(N(pages));
            if (page < pages)
            {
                html.Append(" <a rel=\"next\" href=\"").Append(E(PageLink(filter, page + 1))).Append("\">Next →</a>");
            }
            html.Append("</nav>\n");
        }
    }

    private static void AppendVersions(StringBuilder html, RepositoryOverviewReader.IndexEntry entry)
    {
        if (entry.Index is not { } index)
        {
            html.Append("<span class=\"revoked\">Unreadable: ").Append(E(entry.Problem ?? "")).Append("</span>");
            return;
        }
        var versions = index.Versions.OrderByDescending(v => v.Version).ToList();
        var separator = "";
        foreach (var version in versions.Take(MaxVersionsShown))
        {
            html.Append(separator);
            separator = ", ";
            var text = E(version.Version.ToNormalizedString());
            if (version.RevokedReason is { } reason)
            {
                html.Append("<span class=\"revoked\"><s>").Append(text).Append("</s> (revoked: ").Append(E(reason)).Append(")</span>");
            }
            else
            {
                html.Append("<span class=\"version\">").Append(text).Append("</span>");
            }
        }
        if (versions.Count > MaxVersionsShown)
        {
            html.Append(" <span class=\"muted\">and ").Append(N(versions.Count - MaxVersionsShown)).Append(" older</span>");
        }
    }

    private static void AppendExpiry(StringBuilder html, RepositoryOverview overview, DateTimeOffset now)
    {
        html.Append("<h2 id=\"expiry\">Metadata expiry</h2>\n<table class=\"expiry\"><thead><tr><th>Role</th><th>Version</th><th>Expires</th><th>Status</th></tr></thead><tbody>\n");
        var delegated = overview.DelegatedExpiries;
        foreach (var role in overview.TopLevelExpiries.Concat(delegated.Take(MaxDelegationsShown)))
        {
            var state = State(role, now);
            html.Append("<tr class=\"").Append(state switch { ExpiryState.Expired => "expired", ExpiryState.Soon => "warn", _ => "" }).Append("\"><td>")
                .Append(E(role.Role)).Append("</td><td>").Append(role.Version).Append("</td><td>")
                .Append(role.Expires is { } expires ? Date(expires) : "unknown").Append("</td><td>")
                .Append(state switch
                {
                    ExpiryState.Expired => "Expired " + Relative(role.Expires!.Value, now),
                    ExpiryState.Soon => "Expires soon: " + Relative(role.Expires!.Value, now),
                    ExpiryState.Unknown => "Unknown",
                    _ => "<span class=\"ok\">Valid</span>, expires " + Relative(role.Expires!.Value, now),
                }).Append("</td></tr>\n");
        }
        html.Append("</tbody></table>\n");
        if (delegated.Count > MaxDelegationsShown)
        {
            html.Append("<p class=\"muted\">The ").Append(N(MaxDelegationsShown)).Append(" delegated roles that expire first are shown, of ").Append(N(delegated.Count)).Append(".</p>\n");
        }
        html.Append("<p class=\"muted\">A warning shows when the timestamp expires within ").Append(TimestampWarning.TotalHours)
            .Append(" hours or another role within ").Append(RoleWarning.TotalDays).Append(" days: a scheduled <code>summon repo refresh</code> renews each role at half its lifetime, so a warning means the schedule is not running.</p>\n");
    }

    private static void AppendKeys(StringBuilder html, RepositoryOverview overview)
    {
        html.Append("<h2 id=\"keys\">Signing keys</h2>\n");
        AppendKeyTable(html, overview.TopLevelKeys, withPaths: false);
        if (overview.DelegatedKeys.Count > 0)
        {
            html.Append("<h2 id=\"delegations\">Delegated roles</h2>\n");
            AppendKeyTable(html, overview.DelegatedKeys.Take(MaxDelegationsShown).ToList(), withPaths: true);
            if (overview.DelegatedKeys.Count > MaxDelegationsShown)
            {
                html.Append("<p class=\"muted\">").Append(N(MaxDelegationsShown)).Append(" of ").Append(N(overview.DelegatedKeys.Count)).Append(" delegated roles are shown.</p>\n");
            }
        }
    }

    private static void AppendKeyTable(StringBuilder html, IReadOnlyList<RoleKeySet> roles, bool withPaths)
    {
        html.Append("<table class=\"keys\"><thead><tr><th>Role</th><th>Threshold</th><th>Key id</th><th>Type</th><th>Scheme</th>")
            .Append(withPaths ? "<th>Paths</th>" : "").Append("</tr></thead><tbody>\n");
        foreach (var role in roles)
        {
            var rows = Math.Max(1, role.Keys.Count);
            for (var i = 0; i < rows; i++)
            {
                html.Append("<tr>");
                if (i == 0)
                {
                    html.Append("<td rowspan=\"").Append(rows).Append("\">").Append(E(role.Role)).Append("</td><td rowspan=\"").Append(rows).Append("\">")
                        .Append(role.Threshold).Append(" of ").Append(role.Keys.Count).Append("</td>");
                }
                if (role.Keys.Count == 0)
                {
                    html.Append("<td colspan=\"3\">no keys</td>");
                }
                else
                {
                    var key = role.Keys[i];
                    html.Append("<td><code>").Append(E(key.KeyId)).Append("</code></td><td>").Append(E(key.KeyType)).Append("</td><td>").Append(E(key.Scheme)).Append("</td>");
                }
                if (withPaths && i == 0)
                {
                    html.Append("<td rowspan=\"").Append(rows).Append("\"><code>").Append(E(string.Join(" ", role.Paths.Take(20)))).Append(role.Paths.Count > 20 ? " …" : "").Append("</code></td>");
                }
                html.Append("</tr>\n");
            }
        }
        html.Append("</tbody></table>\n");
    }

    private enum ExpiryState
    {
        Valid,
        Soon,
        Expired,
        Unknown,
    }

    private static ExpiryState State(RoleExpiry role, DateTimeOffset now) => role.Expires switch
    {
        null => ExpiryState.Unknown,
        { } e when e <= now => ExpiryState.Expired,
        { } e when e - now < (role.Role == RoleNames.Timestamp ? TimestampWarning : RoleWarning) => ExpiryState.Soon,
        _ => ExpiryState.Valid,
    };

    private static string PageLink(string? filter, int page) =>
        "?" + (string.IsNullOrEmpty(filter) ? "" : "q=" + Uri.EscapeDataString(filter) + "&") + "page=" + page.ToString(CultureInfo.InvariantCulture);

    private static string Date(DateTimeOffset date) => date.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Relative(DateTimeOffset when, DateTimeOffset now)
    {
        var span = when - now;
        var past = span < TimeSpan.Zero;
        span = span.Duration();
        var text = span.TotalDays >= 2 ? $"{Math.Round(span.TotalDays)} days"
            : span.TotalHours >= 2 ? $"{Math.Round(span.TotalHours)} hours"
            : $"{Math.Max(1, Math.Round(span.TotalMinutes))} minutes";
        return past ? text + " ago" : "in " + text;
    }

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string E(string text) => Encoder.Encode(text);
}
