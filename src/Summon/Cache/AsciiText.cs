namespace Summon.Cache;

/// <summary>
/// Number parsing, comparison, decoding and lower-casing for the warm path, without
/// <see cref="System.Globalization.CultureInfo"/> or the base library's text searches: the first
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

    /// <summary>
    /// Whether <paramref name="length"/> characters of <paramref name="text"/> from <paramref name="start"/> are
    /// <paramref name="lowercase"/>, ignoring ASCII case. A loop rather than <c>string.Compare</c> with
    /// <c>OrdinalIgnoreCase</c>, whose first use costs a few hundred microseconds of set-up in a starting process.
    /// </summary>
    public static bool EqualsIgnoringCase(string text, int start, int length, string lowercase)
    {
        if (length != lowercase.Length || start < 0 || start + length > text.Length)
        {
            return false;
        }
        for (var i = 0; i < length; i++)
        {
            var character = text[start + i];
            if ((char.IsAsciiLetterUpper(character) ? (char)(character | 0x20) : character) != lowercase[i])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The bytes as text if every one is ASCII, else null: what the warm start reads from records and folders.</summary>
    public static string? TryDecode(ReadOnlySpan<byte> bytes)
    {
        var characters = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] >= 0x80)
            {
                return null;
            }
            characters[i] = (char)bytes[i];
        }
        return new string(characters);
    }
}
