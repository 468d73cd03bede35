namespace Summon.Cache;

/// <summary>
/// Number parsing and lower-casing for the warm path, without <see cref="System.Globalization.CultureInfo"/>: the first
/// use of any culture (even the invariant one, as <c>int.Parse(s, CultureInfo.InvariantCulture)</c> or
/// <c>ToLowerInvariant</c> do) loads the ICU libraries, about 5 ms of a process start.
/// </summary>
internal static class AsciiText
{
    /// <summary>Decimal digits only (no sign, no spaces), at most 18 of them, as a long.</summary>
    public static bool TryParseDigits(string text, int start, int length, out long value)
    {
        value = 0;
        if (length is <= 0 or > 18)
        {
            return false;
        }
        for (var i = start; i < start + length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }
            value = (value * 10) + (text[i] - '0');
        }
        return true;
    }

    /// <inheritdoc cref="TryParseDigits(string, int, int, out long)"/>
    public static bool TryParseDigits(string text, out long value) => TryParseDigits(text, 0, text.Length, out value);

    /// <summary>
    /// <see cref="string.ToLowerInvariant"/>, computed by hand for ASCII text (assembly names nearly always are);
    /// other text takes the culture-aware path.
    /// </summary>
    public static string ToLowerInvariant(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAscii(c))
            {
                return text.ToLowerInvariant();
            }
        }
        return string.Create(text.Length, text, static (chars, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                chars[i] = char.IsAsciiLetterUpper(source[i]) ? (char)(source[i] | 0x20) : source[i];
            }
        });
    }
}
