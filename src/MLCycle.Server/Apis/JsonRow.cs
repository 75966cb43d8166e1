using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using MLCycle.Serving;

namespace MLCycle.Server.Apis;

/// <summary>One request row's values by column name, sharing its names and their index with every row of the request that names the
/// same columns in the same order (the usual many-row request), and its values' array with them: a row then costs one small object
/// instead of a dictionary and a string per name (or an array of its own), which were most of what reading a 10,000-row body allocated.</summary>
internal sealed class JsonRow : IShapedJsonRow
{
    private readonly Shape shape;
    private readonly JsonElement[] values;
    private readonly int start;
    private readonly int stride;

    /// <summary>A row whose values are <paramref name="values"/>, in the shape's order.</summary>
    public JsonRow(Shape shape, JsonElement[] values)
        : this(shape, values, 0, 1)
    {
    }

    /// <summary>A row whose value at position p (in the shape's order) is <c>values[start + p * stride]</c>: a row of a table kept row
    /// after row has stride 1, one of a table kept column after column has the column's length as its stride.</summary>
    public JsonRow(Shape shape, JsonElement[] values, int start, int stride)
    {
        this.shape = shape;
        this.values = values;
        this.start = start;
        this.stride = stride;
    }

    public JsonElement this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => shape.Names;

    public IEnumerable<JsonElement> Values => Enumerable.Range(0, Count).Select(ValueAt);

    public int Count => shape.Names.Length;

    public bool ContainsKey(string key) => shape.Index.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonElement value)
    {
        if (shape.Index.TryGetValue(key, out var at))
        {
            value = ValueAt(at);
            return true;
        }
        value = default;
        return false;
    }

    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return new(shape.Names[i], ValueAt(i));
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The names this row shares with the rows of its request that name the same columns in the same order.</summary>
    internal Shape RowShape => shape;

    /// <summary>The shape's names: the same array for every row of the shape, which is how scoring tells the rows' shapes apart.</summary>
    public IReadOnlyList<string> Names => shape.Names;

    /// <summary>The value at <paramref name="position"/> in <see cref="Names"/>' order, for callers that look the same names up in
    /// every row of a request and so find their positions once.</summary>
    public JsonElement ValueAt(int position)
    {
        // The values' array goes back to the pool with the request: a row kept past its reader would read another request's values.
        ObjectDisposedException.ThrowIf(shape.Released, this);
        return values[start + position * stride];
    }

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

        /// <summary>Whether the reader that made this shape was disposed, its rows' values given back to the pool.</summary>
        public bool Released { get; private set; }

        /// <summary>Marks the shape's rows unreadable; called by their reader before it gives their values back.</summary>
        public void Release() => Released = true;

        /// <summary>The shape of a row with these names; null when a name repeats (the reader refuses such a row).</summary>
        public static Shape? Of(string[] names) => names.Distinct(StringComparer.Ordinal).Count() == names.Length ? new Shape(names) : null;
    }
}
