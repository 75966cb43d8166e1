using System.Globalization;
using DuckDB.NET.Data;

namespace MLCycle.Data.Sources;

/// <summary>Creates a table in a DuckDB session and bulk-inserts rows read elsewhere, through DuckDB's appender.</summary>
internal static class DuckDbTableLoader
{
    /// <summary>The DuckDB types a loaded column may have; values are converted to the column's type as they are appended.</summary>
    public const string BigInt = "BIGINT", Double = "DOUBLE", Boolean = "BOOLEAN", Timestamp = "TIMESTAMP", Varchar = "VARCHAR";

    public static void Load(DuckDbSession session, string table, IReadOnlyList<(string Name, string Type)> columns,
        IEnumerable<object?[]> rows, CancellationToken ct)
    {
        var duplicate = columns.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new MLCycleException(ErrorKind.BadSpec, $"The result has two columns named '{duplicate.Key}': give each column its own name (e.g. with AS).");
        session.Execute($"CREATE TABLE {SqlText.Identifier(table)} (" +
            string.Join(", ", columns.Select(c => SqlText.Identifier(c.Name) + " " + c.Type)) + ")");
        using var appender = session.CreateAppender(table);
        var count = 0;
        foreach (var values in rows)
        {
            var row = appender.CreateRow();
            for (var i = 0; i < columns.Count; i++) Append(row, columns[i].Type, values[i]);
            row.EndRow();
            if (++count % 65536 == 0) ct.ThrowIfCancellationRequested();
        }
    }

    private static void Append(IDuckDBAppenderRow row, string type, object? value)
    {
        if (value is null or DBNull)
        {
            row.AppendNullValue();
            return;
        }
        switch (type)
        {
            case BigInt: row.AppendValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case Double: row.AppendValue(Convert.ToDouble(value, CultureInfo.InvariantCulture)); break;
            case Boolean: row.AppendValue(Convert.ToBoolean(value, CultureInfo.InvariantCulture)); break;
            case Timestamp: row.AppendValue(value is DateOnly d ? d.ToDateTime(TimeOnly.MinValue) : Convert.ToDateTime(value, CultureInfo.InvariantCulture)); break;
            default: row.AppendValue(Text(value)); break;
        }
    }

    private static string Text(object value) => value switch
    {
        byte[] bytes => Convert.ToBase64String(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
