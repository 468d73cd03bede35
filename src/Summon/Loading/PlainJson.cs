using System.Globalization;
using System.Text;

namespace Summon.Loading;

/// <summary>
/// Reads the small JSON files the resolve hook needs (<c>summon.json</c>, <c>summon.lock.json</c>) into plain
/// dictionaries, lists, strings, numbers (long or double) and booleans. Loading System.Text.Json costs a process about as much as
/// everything else on the warm path together; this costs a few small methods. It accepts what the full readers
/// accept (comments, trailing commas) and answers null for anything else, so the caller can leave the file to them:
/// they are the ones that explain what is wrong with it.
/// </summary>
internal struct PlainJson
{
    private const int MaxDepth = 16;
    private readonly string text;
    private readonly bool lenient;
    private int at;

    private PlainJson(string text, bool lenient)
    {
        this.text = text;
        this.lenient = lenient;
    }

    /// <summary>
    /// The document's top-level object, or null when the text is not JSON this reader is sure of. With
    /// <paramref name="lenient"/>, comments and trailing commas are accepted (as <c>summon.json</c>'s reader accepts them).
    /// </summary>
    public static Dictionary<string, object?>? TryParseObject(string text, bool lenient)
    {
        var reader = new PlainJson(text, lenient);
        if (!reader.TryValue(0, out var value) || value is not Dictionary<string, object?> root)
        {
            return null;
        }
        reader.SkipSpace();
        return reader.at == reader.text.Length ? root : null;
    }

    private bool TryValue(int depth, out object? value)
    {
        value = null;
        SkipSpace();
        if (at >= text.Length || depth > MaxDepth)
        {
            return false;
        }
        switch (text[at])
        {
            case '{':
                return TryObject(depth, out value);
            case '[':
                return TryArray(depth, out value);
            case '"':
                var ok = TryString(out var s);
                value = s;
                return ok;
            default:
                return TryLiteral(out value);
        }
    }

    private bool TryObject(int depth, out object? value)
    {
        value = null;
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        at++;
        while (true)
        {
            SkipSpace();
            if (at < text.Length && text[at] == '}')
            {
                at++;
                value = result;
                return true;
            }
            if (at >= text.Length || text[at] != '"' || !TryString(out var key) || !Expect(':')
                || !TryValue(depth + 1, out var item) || !result.TryAdd(key, item))
            {
                return false;
            }
            SkipSpace();
            if (at < text.Length && text[at] == ',')
            {
                at++;
                if (!lenient && NextIs('}'))
                {
                    return false;
                }
            }
            else if (at >= text.Length || text[at] != '}')
            {
                return false;
            }
        }
    }

    private bool TryArray(int depth, out object? value)
    {
        value = null;
        var result = new List<object?>();
        at++;
        while (true)
        {
            SkipSpace();
            if (at < text.Length && text[at] == ']')
            {
                at++;
                value = result;
                return true;
            }
            if (!TryValue(depth + 1, out var item))
            {
                return false;
            }
            result.Add(item);
            SkipSpace();
            if (at < text.Length && text[at] == ',')
            {
                at++;
                if (!lenient && NextIs(']'))
                {
                    return false;
                }
            }
            else if (at >= text.Length || text[at] != ']')
            {
                return false;
            }
        }
    }

    private bool TryString(out string value)
    {
        value = "";
        var builder = new StringBuilder();
        for (at++; at < text.Length; at++)
        {
            var c = text[at];
            if (c == '"')
            {
                at++;
                value = builder.ToString();
                return true;
            }
            if (c < ' ')
            {
                return false;
            }
            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }
            if (++at >= text.Length)
            {
                return false;
            }
            switch (text[at])
            {
                case '"' or '\\' or '/':
                    builder.Append(text[at]);
                    break;
                case 'b':
                    builder.Append('\b');
                    break;
                case 'f':
                    builder.Append('\f');
                    break;
                case 'n':
                    builder.Append('\n');
                    break;
                case 'r':
                    builder.Append('\r');
                    break;
                case 't':
                    builder.Append('\t');
                    break;
                case 'u' when at + 4 < text.Length && HexCode(at + 1) is >= 0 and var code:
                    builder.Append((char)code);
                    at += 4;
                    break;
                default:
                    return false;
            }
        }
        return false;
    }

    /// <summary>The four hex digits at <paramref name="start"/> as a number, or -1.</summary>
    private readonly int HexCode(int start)
    {
        var code = 0;
        for (var i = start; i < start + 4; i++)
        {
            var c = text[i] | 0x20;
            var digit = text[i] is >= '0' and <= '9' ? text[i] - '0' : c is >= 'a' and <= 'f' ? c - 'a' + 10 : -1;
            if (digit < 0)
            {
                return -1;
            }
            code = (code * 16) + digit;
        }
        return code;
    }

    private bool TryLiteral(out object? value)
    {
        value = null;
        var start = at;
        while (at < text.Length && (char.IsAsciiLetterOrDigit(text[at]) || text[at] is '-' or '+' or '.'))
        {
            at++;
        }
        var token = text[start..at];
        switch (token)
        {
            case "true":
                value = true;
                return true;
            case "false":
                value = false;
                return true;
            case "null":
                return true;
        }
        // Integers by hand: the number parser's culture data would load the ICU libraries.
        var negative = token.Length > 1 && token[0] == '-';
        var digits = token[(negative ? 1 : 0)..];
        if (digits.Length > 1 && digits[0] == '0' && char.IsAsciiDigit(digits[1]))
        {
            return false;
        }
        if (Cache.AsciiText.TryParseDigits(digits, out var integer))
        {
            value = negative ? -integer : integer;
            return true;
        }
        // JSON's number grammar is stricter than double.Parse: a sign only in front, digits first.
        if (token.Length == 0 || !(char.IsAsciiDigit(token[0]) || (token[0] == '-' && token.Length > 1 && char.IsAsciiDigit(token[1])))
            || !double.TryParse(token, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }
        value = number;
        return true;
    }

    private bool NextIs(char c)
    {
        SkipSpace();
        return at < text.Length && text[at] == c;
    }

    private bool Expect(char c)
    {
        SkipSpace();
        if (at < text.Length && text[at] == c)
        {
            at++;
            return true;
        }
        return false;
    }

    /// <summary>Skips white space, and comments when lenient.</summary>
    private void SkipSpace()
    {
        while (at < text.Length)
        {
            if (text[at] is ' ' or '\t' or '\n' or '\r')
            {
                at++;
            }
            else if (!lenient)
            {
                return;
            }
            else if (string.CompareOrdinal(text, at, "//", 0, 2) == 0)
            {
                var end = text.IndexOf('\n', at);
                at = end < 0 ? text.Length : end;
            }
            else if (string.CompareOrdinal(text, at, "/*", 0, 2) == 0)
            {
                var end = text.IndexOf("*/", at + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    // Unterminated: leave it where it is, so the caller sees something it cannot read.
                    return;
                }
                at = end + 2;
            }
            else
            {
                return;
            }
        }
    }
}
