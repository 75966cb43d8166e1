using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace MLCycle.Server.Apis;

/// <summary>One request row's values by column name, sharing its names and their index with every row of the request that names the
/// same columns in the same order (the usual many-row request): a row then costs one array of values instead of a dictionary and a
/// string per name, which were most of what reading a 10,000-row body allocated.</summary>
internal sealed class JsonRow(JsonRow.Shape shape, JsonElement[] values) : IReadOnlyDictionary<string, JsonElement>
{
    public JsonElement this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => shape.Names;

    public IEnumerable<JsonElement> Values => values;

    public int Count => values.Length;

    public bool ContainsKey(string key) => shape.Index.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonElement value)
    {
        if (shape.Index.TryGetValue(key, out var at))
        {
            value = values[at];
            return true;
        }
        value = default;
        return false;
    }

    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator()
    {
        for (var i = 0; i < values.Length; i++) yield return new(shape.Names[i], values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The names this row shares with the rows of its request that name the same columns in the same order.</summary>
    internal Shape Names => shape;

    /// <summary>The value at <paramref name="position"/> in <see cref="Names"/>' order, for callers that look the same names up in
    /// every row of a request and so find their positions once.</summary>
    internal JsonElement ValueAt(int position) => values[position];

    /// <summary>Column names in order (distinct), their UTF-8 bytes to compare a row's property names with, and name to position.</summary>
    internal sealed class Shape
    {
        private Shape(string[] names)
        {
            Names = names;
            Utf8 = [.. names.Select(Encoding.UTF8.GetBytes)];
            Index = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        }

        public string[] Names { get; }

        public byte[][] Utf8 { get; }

        public Dictionary<string, int> Index { get; }

        /// <summary>The shape of a row with these names; null when a name repeats (such a row keeps its last value, as a dictionary does).</summary>
        public static Shape? Of(string[] names) => names.Distinct(StringComparer.Ordinal).Count() == names.Length ? new Shape(names) : null;
    }
}
