namespace Summon.Transport;

/// <summary>
/// Which redirects a fetch follows. Only to http or https, and never from https down to http: the bytes are verified
/// whatever serves them, but a downgrade would show an eavesdropper which modules an application uses, and a
/// repository that was reached over https has no reason to leave it. A redirect to another host is followed:
/// repositories commonly sit behind CDNs and object stores that redirect to their own hosts, and since every byte
/// is verified against signed metadata a foreign host can at worst fail the download, never change it.
/// </summary>
internal static class RedirectPolicy
{
    public static bool IsRedirect(int status) => status is 301 or 302 or 303 or 307 or 308;

    /// <summary>Null if the redirect may be followed, otherwise why not.</summary>
    public static string? Refusal(Uri from, Uri to)
    {
        if (to.Scheme != Uri.UriSchemeHttp && to.Scheme != Uri.UriSchemeHttps)
        {
            return $"it redirects to {to}, which is not an http or https address";
        }
        if (from.Scheme == Uri.UriSchemeHttps && to.Scheme == Uri.UriSchemeHttp)
        {
            return $"it redirects from https to plain http ({to}), which would expose what is being downloaded";
        }
        return null;
    }
}
