namespace Summon.Modules;

/// <summary>
/// Module ids are lowercase and made of letters, digits, dots, dashes and underscores, so they are safe as
/// a path segment on every file system and as part of a URL, and two spellings never name one module.
/// </summary>
internal static class ModuleId
{
    public const int MaxLength = 100;

    // A loop rather than a regular expression: this runs on the warm path, where loading the regex engine costs milliseconds.
    public static bool IsValid(string? id)
    {
        if (id is not { Length: > 0 and <= MaxLength } || !IsLowerLetterOrDigit(id[0]))
        {
            return false;
        }
        foreach (var c in id)
        {
            if (!IsLowerLetterOrDigit(c) && c is not ('.' or '-' or '_'))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsLowerLetterOrDigit(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');

    public static string Validate(string? id) => IsValid(id)
        ? id!
        : throw new SummonConfigurationException(
            $"'{id}' is not a valid module id: use 1 to {MaxLength} lowercase letters, digits, '.', '-' or '_', starting with a letter or digit (for example acme.extra).");
}
