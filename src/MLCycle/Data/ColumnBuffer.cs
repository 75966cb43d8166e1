using System.Data.Common;

namespace MLCycle.Data;

/// <summary>
/// Collects one column's values straight from a DuckDB reader (GetDouble/GetString by ordinal, no boxing).
/// Repeated strings share one instance, which keeps categorical columns of millions of rows small.
/// </summary>
internal sealed class ColumnBuffer
{
    private const int MaxPooled = 4096;

    private readonly ColumnPlan _plan;
    private readonly int _ordinal;
    private readonly Dictionary<string, string>? _pool;
    private double[]? _numbers;
    private string?[]? _strings;

    public ColumnBuffer(ColumnPlan plan, int ordinal, int capacity)
    {
        _plan = plan;
        _ordinal = ordinal;
        if (plan.ReadsNumbers) _numbers = new double[capacity];
        else
        {
            _strings = new string?[capacity];
            _pool = new Dictionary<string, string>(StringComparer.Ordinal);
        }
    }

    public void Add(DbDataReader reader, int row)
    {
        if (_numbers is not null)
        {
            if (row == _numbers.Length) Array.Resize(ref _numbers, Math.Max(16, row * 2));
            _numbers[row] = reader.IsDBNull(_ordinal) ? double.NaN : reader.GetDouble(_ordinal);
            return;
        }
        if (row == _strings!.Length) Array.Resize(ref _strings, Math.Max(16, row * 2));
        _strings[row] = reader.IsDBNull(_ordinal) ? null : Pooled(reader.GetString(_ordinal));
    }

    /// <summary>The column holding the first <paramref name="rows"/> values added.</summary>
    public TableColumn ToColumn(int rows)
    {
        if (_numbers is not null)
        {
            if (_numbers.Length != rows) Array.Resize(ref _numbers, rows);
            return TableColumn.FromNumbers(_plan.Info, _numbers);
        }
        if (_strings!.Length != rows) Array.Resize(ref _strings, rows);
        return TableColumn.FromStrings(_plan.Info, _strings);
    }

    private string Pooled(string value)
    {
        if (_pool!.TryGetValue(value, out var shared)) return shared;
        if (_pool.Count < MaxPooled) _pool.Add(value, value);
        return value;
    }
}
