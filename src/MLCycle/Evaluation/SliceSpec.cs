using System.Globalization;
using MLCycle.Data;

namespace MLCycle.Evaluation;

/// <summary>
/// A column to slice the metrics by. A categorical column gives one slice per value; a numeric one (every value a number and
/// more than <see cref="MaxDistinctAsValues"/> distinct) is cut into bins: the given edges (<c>tenure:0,12,24,60</c>, bins
/// [0, 12), [12, 24), [24, 60] plus "&lt; 0" and "&gt; 60" when values fall outside), or else its quartiles.
/// </summary>
public sealed record SliceSpec(string Column, IReadOnlyList<double>? Bins = null)
{
    /// <summary>The most distinct numbers a column may hold and still be sliced per value without bins.</summary>
    public const int MaxDistinctAsValues = 10;

    /// <summary>The most slices one column may give.</summary>
    public const int MaxSlices = 100;

    /// <summary>Parses <c>COLUMN</c> or <c>COLUMN:EDGE,EDGE,...</c> (at least two increasing numbers); <paramref name="option"/> names where it came from.</summary>
    public static SliceSpec Parse(string text, string option)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.IndexOf(':');
        if (colon < 0) return string.IsNullOrWhiteSpace(text) ? throw Bad(text, option, "a column name") : new SliceSpec(text.Trim());
        var edges = new List<double>();
        foreach (var part in text[(colon + 1)..].Split(','))
        {
            if (!double.TryParse(part.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double edge) || !double.IsFinite(edge))
                throw Bad(text, option, $"numbers after the ':' (found '{part.Trim()}')");
            edges.Add(edge);
        }
        return Create(text[..colon].Trim(), edges, $"{option} '{text}'");
    }

    /// <summary>A slice with given bin edges, checked: at least two, strictly increasing.</summary>
    public static SliceSpec Create(string column, IReadOnlyList<double> edges, string where)
    {
        if (edges.Count < 2 || edges.Zip(edges.Skip(1)).Any(p => p.Second <= p.First))
            throw new MLCycleException(ErrorKind.BadSpec, $"{where}: bins need at least two strictly increasing edges, e.g. 0,12,24,60; found {string.Join(",", edges.Select(e => e.ToString(CultureInfo.InvariantCulture)))}.");
        return new SliceSpec(column, edges);
    }

    /// <summary>The slices of the given rows: (label, row indices into <paramref name="rows"/>), in order.</summary>
    public IReadOnlyList<(string? Label, int[] Rows)> Group(TableColumn column, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(rows);
        var text = rows.Select(column.Format).ToArray();
        var numbers = new double?[text.Length];
        bool numeric = true;
        for (int i = 0; i < text.Length && numeric; i++)
        {
            if (text[i] is null) continue;
            numeric = double.TryParse(text[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v);
            numbers[i] = v;
        }
        if (Bins is not null && !numeric)
            throw new MLCycleException(ErrorKind.BadSpec, $"Slice column '{Column}' has bins but holds a value that is not a number ('{text.First(t => t is not null && !double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _))}').");
        var edges = Bins ?? (numeric && text.OfType<string>().Distinct().Count() > MaxDistinctAsValues ? Quartiles(numbers) : null);
        var labels = edges is null ? text : numbers.Select(v => v is { } x ? Bin(x, edges) : null).ToArray();
        var order = edges is null ? labels.Distinct().Order(StringComparer.Ordinal).ToList() : BinOrder(edges).Where(labels.Contains).Append(null).Where(l => l is not null || labels.Contains(null)).ToList();
        if (order.Count > MaxSlices)
            throw new MLCycleException(ErrorKind.BadSpec, $"Slice column '{Column}' has {order.Count} distinct values; expected at most {MaxSlices}, or give numeric bins as {Column}:EDGE,EDGE,...");
        return order.Select(l => (l, Enumerable.Range(0, labels.Length).Where(i => labels[i] == l).ToArray())).ToList();
    }

    // Null when the quartiles collapse to one value: then the column is sliced per value.
    private static double[]? Quartiles(double?[] numbers)
    {
        var sorted = numbers.OfType<double>().Order().ToArray();
        var edges = new[] { 0, 0.25, 0.5, 0.75, 1 }.Select(q => sorted[(int)Math.Round(q * (sorted.Length - 1))]).Distinct().ToArray();
        return edges.Length >= 2 ? edges : null;
    }

    private static IEnumerable<string> BinOrder(IReadOnlyList<double> edges)
    {
        yield return $"< {N(edges[0])}";
        for (int i = 0; i + 1 < edges.Count; i++) yield return Interval(edges, i);
        yield return $"> {N(edges[^1])}";
    }

    private static string Bin(double v, IReadOnlyList<double> edges)
    {
        if (v < edges[0]) return $"< {N(edges[0])}";
        if (v > edges[^1]) return $"> {N(edges[^1])}";
        for (int i = 0; i + 2 < edges.Count; i++) if (v < edges[i + 1]) return Interval(edges, i);
        return Interval(edges, edges.Count - 2);
    }

    // Bins are closed on the left; the last is closed on both sides so the maximum falls in it.
    private static string Interval(IReadOnlyList<double> edges, int i) => $"[{N(edges[i])}, {N(edges[i + 1])}{(i == edges.Count - 2 ? "]" : ")")}";

    private static string N(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    private static MLCycleException Bad(string text, string option, string expected) =>
        new(ErrorKind.BadSpec, $"{option} '{text}' is not a slice; expected {expected}, as COLUMN or COLUMN:EDGE,EDGE,...");
}
