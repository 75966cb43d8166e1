using System.Globalization;
using MLCycle.Data;

namespace MLCycle.Profiling;

/// <summary>
/// What every data check needs: the DuckDB session holding the profiled table (columns <c>c0</c>, <c>c1</c>, ...,
/// row order kept, so <c>rowid + 1</c> is the 1-based data row), the finished column profiles and the options.
/// </summary>
internal sealed class IssueContext(DuckDbSession session, string view, IReadOnlyList<ColumnProfile> columns, long rows, ProfileOptions options)
{
    public const int MaxExamples = 5;
    private readonly HashSet<string> _sensitive = options.Sensitive.ToHashSet(StringComparer.Ordinal);

    public DuckDbSession Session { get; } = session;
    public string View { get; } = view;
    public IReadOnlyList<ColumnProfile> Columns { get; } = columns;
    public long Rows { get; } = rows;
    public ProfileOptions Options { get; } = options;
    public bool Approximate => Rows > ProfileQueryBuilder.ExactRowLimit;

    /// <summary>The index of the target column, or -1 without a target.</summary>
    public int Target => Options.Target is { } t ? IndexOf(t) : -1;

    public static string Alias(int column) => ProfileQueryBuilder.Alias(column);

    public int IndexOf(string name)
    {
        for (var i = 0; i < Columns.Count; i++) if (Columns[i].Name == name) return i;
        return -1;
    }

    public bool IsNumeric(int column) => Columns[column].Kind == ColumnKind.Numeric;

    public bool StoresNumbers(int column) => TableColumn.StoresNumbers(Columns[column].Kind);

    /// <summary>The first rows (up to five) where <paramref name="where"/> holds, with the column's value there.</summary>
    public IReadOnlyList<IssueExample> Examples(int column, string where)
    {
        var c = Alias(column);
        var examples = new List<IssueExample>();
        using var reader = Session.Query($"SELECT rowid + 1, {c} FROM {View} WHERE {where} ORDER BY rowid LIMIT {MaxExamples}");
        while (reader.Read())
            examples.Add(new IssueExample(reader.GetInt64(0), reader.IsDBNull(1) ? null : Format(column, reader.GetValue(1))));
        return examples;
    }

    /// <summary>A value as it is shown to people: numbers and dates the way a table writes them; sensitive columns redacted.</summary>
    public string Format(int column, object value)
    {
        if (_sensitive.Contains(Columns[column].Name)) return "<redacted>";
        var info = new ColumnInfo(Columns[column].Name, Columns[column].Kind, "");
        return StoresNumbers(column)
            ? TableColumn.FromNumbers(info, [Convert.ToDouble(value, CultureInfo.InvariantCulture)]).Format(0)!
            : Convert.ToString(value, CultureInfo.InvariantCulture)!;
    }

    /// <summary>Runs a one-row query and returns its columns as doubles (NaN for NULL).</summary>
    public double[] Row(string sql)
    {
        using var reader = Session.Query(sql);
        reader.Read();
        var values = new double[reader.FieldCount];
        for (var i = 0; i < values.Length; i++)
            values[i] = reader.IsDBNull(i) ? double.NaN : reader.GetValue(i) switch
            {
                System.Numerics.BigInteger big => (double)big, // count_if answers HUGEINT
                var v => Convert.ToDouble(v, CultureInfo.InvariantCulture),
            };
        return values;
    }

    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    public static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
