namespace MLCycle.Data;

/// <summary>An in-memory, column-oriented table: what training, scoring and monitoring work on.</summary>
public sealed class Table
{
    private readonly Dictionary<string, TableColumn> _byName;

    public Table(IReadOnlyList<TableColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Columns = columns;
        RowCount = columns.Count == 0 ? 0 : columns[0].Length;
        _byName = new Dictionary<string, TableColumn>(StringComparer.Ordinal);
        foreach (var c in columns)
        {
            if (c.Length != RowCount) throw new ArgumentException($"Column '{c.Name}' has {c.Length} rows, expected {RowCount}.");
            if (!_byName.TryAdd(c.Name, c)) throw new ArgumentException($"Column '{c.Name}' appears twice.");
        }
    }

    public IReadOnlyList<TableColumn> Columns { get; }
    public int RowCount { get; }
    public IEnumerable<ColumnInfo> Schema => Columns.Select(c => c.Info);

    public TableColumn this[string name] =>
        _byName.TryGetValue(name, out var c) ? c : throw new KeyNotFoundException($"No column '{name}'.");

    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>A new table with the given rows, in the given order.</summary>
    public Table Take(IReadOnlyList<int> rows) => new(Columns.Select(c => c.Take(rows)).ToList());

    /// <summary>A new table without the named columns.</summary>
    public Table Without(IEnumerable<string> names)
    {
        var drop = new HashSet<string>(names, StringComparer.Ordinal);
        return new Table(Columns.Where(c => !drop.Contains(c.Name)).ToList());
    }
}
