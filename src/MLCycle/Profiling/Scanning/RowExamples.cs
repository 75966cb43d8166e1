namespace MLCycle.Profiling.Scanning;

/// <summary>
/// The first few rows (by row reference, see <see cref="RowReference"/>) where something was seen, with the value there
/// (a double or a string, formatted for people only when reported).
/// A worker sees its rows in order, so keeping the first <see cref="IssueContext.MaxExamples"/> it meets is enough; merged
/// lists are re-sorted by row.
/// </summary>
internal sealed class RowExamples
{
    private readonly List<(long Row, object? Value)> _items = new(IssueContext.MaxExamples);

    public int Count => _items.Count;

    public bool Full => _items.Count >= IssueContext.MaxExamples;

    public IReadOnlyList<(long Row, object? Value)> Items => _items;

    public void Add(long row, object? value)
    {
        if (_items.Count < IssueContext.MaxExamples) _items.Add((row, value));
    }

    /// <summary>Adds another worker's examples; both lists must already carry global row numbers or both references.</summary>
    public void Merge(RowExamples other)
    {
        if (other._items.Count == 0) return;
        _items.AddRange(other._items);
        _items.Sort((a, b) => a.Row.CompareTo(b.Row));
        if (_items.Count > IssueContext.MaxExamples) _items.RemoveRange(IssueContext.MaxExamples, _items.Count - IssueContext.MaxExamples);
    }

    /// <summary>Turns row references into 1-based row numbers.</summary>
    public void Resolve(RowNumbering numbering)
    {
        for (var i = 0; i < _items.Count; i++) _items[i] = (numbering.Number(_items[i].Row), _items[i].Value);
        _items.Sort((a, b) => a.Row.CompareTo(b.Row));
    }

    /// <summary>The examples of several lists together, first rows first.</summary>
    public static List<IssueExample> FirstOf(IEnumerable<RowExamples> lists, Func<object?, string?> show) =>
        lists.SelectMany(l => l._items).OrderBy(i => i.Row).Take(IssueContext.MaxExamples)
            .Select(i => new IssueExample(i.Row, show(i.Value))).ToList();
}
