using System.Globalization;
using System.Text.Json.Nodes;

namespace Summon.Trust;

/// <summary>
/// Typed reads of one metadata object. A missing field or a field of the wrong type becomes a
/// <see cref="TrustException"/> naming the role and where in the document it was, never a cast exception.
/// </summary>
internal readonly struct JsonFields
{
    private readonly JsonObject _object;
    private readonly string _role;
    private readonly string _where;

    public JsonFields(JsonObject obj, string role, string where)
    {
        _object = obj;
        _role = role;
        _where = where;
    }

    public JsonObject Object => _object;

    public static JsonFields Of(JsonNode? node, string role, string where) =>
        node is JsonObject obj ? new JsonFields(obj, role, where) : throw Malformed(role, $"{where} must be a JSON object");

    public bool Has(string name) => _object.ContainsKey(name);

    public string String(string name) => OptionalString(name) ?? throw Missing(name, "a string");

    public string? OptionalString(string name)
    {
        if (!_object.TryGetPropertyValue(name, out var node))
        {
            return null;
        }
        return node is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw WrongType(name, "a string");
    }

    public long Integer(string name) => OptionalInteger(name) ?? throw Missing(name, "an integer");

    public long? OptionalInteger(string name)
    {
        if (!_object.TryGetPropertyValue(name, out var node))
        {
            return null;
        }
        if (node is JsonValue value)
        {
            if (value.TryGetValue<long>(out var number))
            {
                return number;
            }
            if (value.TryGetValue<int>(out var small))
            {
                return small;
            }
        }
        throw WrongType(name, "an integer");
    }

    /// <summary>An integer that must be at least <paramref name="minimum"/> and fit an <see cref="int"/> (thresholds, bit lengths).</summary>
    public int SmallInteger(string name, int minimum, int maximum = int.MaxValue)
    {
        var value = Integer(name);
        if (value < minimum || value > maximum)
        {
            throw Malformed(_role, $"{_where}.{name} must be between {minimum} and {maximum}, not {value}");
        }
        return (int)value;
    }

    public bool Boolean(string name) => OptionalBoolean(name) ?? throw Missing(name, "true or false");

    public bool? OptionalBoolean(string name)
    {
        if (!_object.TryGetPropertyValue(name, out var node))
        {
            return null;
        }
        return node is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : throw WrongType(name, "true or false");
    }

    public JsonFields Child(string name) => OptionalChild(name) ?? throw Missing(name, "an object");

    public JsonFields? OptionalChild(string name)
    {
        if (!_object.TryGetPropertyValue(name, out var node))
        {
            return null;
        }
        return node is JsonObject obj ? new JsonFields(obj, _role, $"{_where}.{name}") : throw WrongType(name, "an object");
    }

    public JsonArray Array(string name) => OptionalArray(name) ?? throw Missing(name, "an array");

    public JsonArray? OptionalArray(string name)
    {
        if (!_object.TryGetPropertyValue(name, out var node))
        {
            return null;
        }
        return node as JsonArray ?? throw WrongType(name, "an array");
    }

    /// <summary>An array of distinct strings (key ids, path patterns): a repeated entry is refused, not silently merged.</summary>
    public IReadOnlyList<string> StringList(string name, bool distinct) => OptionalStringList(name, distinct) ?? throw Missing(name, "an array of strings");

    public IReadOnlyList<string>? OptionalStringList(string name, bool distinct)
    {
        var array = OptionalArray(name);
        if (array is null)
        {
            return null;
        }
        var list = new List<string>(array.Count);
        foreach (var item in array)
        {
            if (item is not JsonValue value || !value.TryGetValue<string>(out var text))
            {
                throw WrongType(name, "an array of strings");
            }
            list.Add(text);
        }
        if (distinct && list.Distinct(StringComparer.Ordinal).Count() != list.Count)
        {
            throw Malformed(_role, $"{_where}.{name} lists the same entry twice");
        }
        return list;
    }

    /// <summary>TUF dates are exactly <c>YYYY-MM-DDTHH:MM:SSZ</c>, always UTC.</summary>
    public DateTimeOffset Timestamp(string name)
    {
        var text = String(name);
        if (!DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            throw Malformed(_role, $"{_where}.{name} must be a UTC time like 2030-01-01T00:00:00Z, not \"{text}\"");
        }
        return time;
    }

    /// <summary>A JSON object whose values are strings (hashes, key values).</summary>
    public IReadOnlyDictionary<string, string> StringMap(string name)
    {
        var child = Child(name);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, node) in child._object)
        {
            map[key] = node is JsonValue value && value.TryGetValue<string>(out var text)
                ? text
                : throw Malformed(_role, $"{_where}.{name}.{key} must be a string");
        }
        return map;
    }

    private TrustException Missing(string name, string what) => Malformed(_role, $"{_where}.{name} is missing (it must be {what})");

    private TrustException WrongType(string name, string what) => Malformed(_role, $"{_where}.{name} must be {what}");

    public static TrustException Malformed(string role, string why) =>
        new(role, TrustCheck.Format, $"{role} metadata is malformed: {why}. The repository served a damaged or hostile file; nothing was trusted from it.");
}
