using System.Text;

namespace Summon.Trust;

/// <summary>
/// Role names and target paths come from the repository; before they become a URL segment or a file name every
/// byte but the URL-unreserved ones is percent-encoded (as Python's <c>quote(name, "")</c>), so a name like
/// <c>../x</c> or <c>?</c> can neither leave the metadata directory nor change the request.
/// </summary>
internal static class RoleFileName
{
    public static string Escape(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
                or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }

    /// <summary>The unversioned file name a role's trusted metadata is kept under.</summary>
    public static string ForRole(string roleName) => Escape(roleName) + ".json";
}
