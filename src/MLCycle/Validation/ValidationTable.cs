using System.Globalization;
using MLCycle.Data;

namespace MLCycle.Validation;

/// <summary>
/// The data as one DuckDB temporary table of typed columns <c>c0</c>, <c>c1</c>, ... plus the 1-based data row number,
/// and the queries the checks run on it; rows never come into .NET except the few examples of a failure.
/// </summary>
internal sealed class ValidationTable
{
    public const string View = "mlcycle_validate";
    public const string RowColumn = "mlcycle_row";

    private readonly DuckDbSession _session;
    private readonly Dictionary<string, (ColumnInfo Info, string Alias)> _columns;

    private ValidationTable(DuckDbSession session, Dictionary<string, (ColumnInfo, string)> columns, long rows)
    {
        _session = session;
        _columns = columns;
        Rows = rows;
    }

    public long Rows { get; }

    /// <summary>Turns a materialised source into the typed table, dropping the raw one so the data is held once.</summary>
    public static ValidationTable Create(PreparedSource prepared)
    {
        var columns = new Dictionary<string, (ColumnInfo, string)>(StringComparer.Ordinal);
        for (var i = 0; i < prepared.Columns.Count; i++)
            columns[prepared.Columns[i].Info.Name] = (prepared.Columns[i].Info, "c" + i.ToString(CultureInfo.InvariantCulture));
        var select = string.Join(", ", prepared.Columns.Select((c, i) => $"{c.Expression} AS c{i.ToString(CultureInfo.InvariantCulture)}"));
        // rowid follows insertion order, which the session preserves, so it numbers rows as the file does.
        prepared.Session.Execute($"CREATE TEMP TABLE {View} AS SELECT rowid + 1 AS {RowColumn}, {select} FROM {prepared.Relation}; DROP TABLE {prepared.Relation}");
        return new ValidationTable(prepared.Session, columns, prepared.Rows!.Value);
    }

    public bool Contains(string column) => _columns.ContainsKey(column);

    public ColumnInfo Info(string column) => _columns[column].Info;

    /// <summary>The SQL name of a column in <see cref="View"/>; callers check <see cref="Contains"/> first.</summary>
    public string Alias(string column) => _columns[column].Alias;

    /// <summary>DuckDB's complaint about a regular expression, or null when it compiles.</summary>
    public string? RegexError(string regex)
    {
        try
        {
            using var reader = _session.Query($"SELECT regexp_full_match('', {SqlText.Literal(regex)})");
            reader.Read();
            return null;
        }
        catch (DuckDB.NET.Data.DuckDBException e)
        {
            return e.Message;
        }
    }

    public long Count(string predicate)
    {
        using var reader = _session.Query($"SELECT count(*) FILTER (WHERE {predicate}) FROM {View}");
        reader.Read();
        return reader.GetInt64(0);
    }

    /// <summary>How many rows meet <paramref name="predicate"/>, and the first few of them with the given columns' values.</summary>
    public (long Count, IReadOnlyList<UnexpectedRow> Examples) Violations(string predicate, IReadOnlyList<string> columns, string? from = null)
    {
        from ??= View;
        long count;
        using (var reader = _session.Query($"SELECT count(*) FROM {from} WHERE {predicate}"))
        {
            reader.Read();
            count = reader.GetInt64(0);
        }
        if (count == 0) return (0, []);
        var examples = new List<UnexpectedRow>();
        var select = string.Join(", ", columns.Select(Alias));
        using (var reader = _session.Query($"SELECT {RowColumn}, {select} FROM {from} WHERE {predicate} ORDER BY {RowColumn} LIMIT {DataValidator.MaxExamples}"))
        {
            while (reader.Read())
            {
                var values = new Dictionary<string, string?>(StringComparer.Ordinal);
                for (var k = 0; k < columns.Count; k++) values[columns[k]] = reader.IsDBNull(k + 1) ? null : Format(columns[k], reader.GetValue(k + 1));
                examples.Add(new UnexpectedRow(reader.GetInt64(0), values));
            }
        }
        return (count, examples);
    }

    /// <summary>One column in file order, as the drift code expects it.</summary>
    public Table ReadColumn(string column)
    {
        var info = Info(column);
        var numbers = new List<double>();
        var strings = new List<string?>();
        using var reader = _session.Query($"SELECT {Alias(column)} FROM {View} ORDER BY {RowColumn}", streaming: true);
        while (reader.Read())
        {
            if (TableColumn.StoresNumbers(info.Kind)) numbers.Add(reader.IsDBNull(0) ? double.NaN : reader.GetDouble(0));
            else strings.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
        }
        var result = TableColumn.StoresNumbers(info.Kind)
            ? TableColumn.FromNumbers(info, numbers.ToArray())
            : TableColumn.FromStrings(info, strings.ToArray());
        return new Table([result]);
    }

    /// <summary>A value the way the rest of MLCycle writes it (true/false for booleans, ISO time for date-times).</summary>
    private string? Format(string column, object value)
    {
        var info = Info(column);
        return TableColumn.StoresNumbers(info.Kind)
            ? TableColumn.FromNumbers(info, [Convert.ToDouble(value, CultureInfo.InvariantCulture)]).Format(0)
            : Convert.ToString(value, CultureInfo.InvariantCulture);
    }
}
