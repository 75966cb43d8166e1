namespace MLCycle.Data;

/// <summary>Copies an in-memory <see cref="Table"/> into a DuckDB table through the appender: numbers as DOUBLE, text as VARCHAR, missing as NULL.</summary>
internal static class TableLoader
{
    public static void Load(DuckDbSession session, string name, Table table)
    {
        session.Execute($"CREATE TABLE {SqlText.Identifier(name)} (" +
            string.Join(", ", table.Columns.Select(c => SqlText.Identifier(c.Name) + (c.Numbers is null ? " VARCHAR" : " DOUBLE"))) + ")");
        using var appender = session.CreateAppender(name);
        var columns = table.Columns;
        for (var r = 0; r < table.RowCount; r++)
        {
            var row = appender.CreateRow();
            foreach (var column in columns)
            {
                if (column.Numbers is { } numbers)
                {
                    if (double.IsNaN(numbers[r])) row.AppendNullValue();
                    else row.AppendValue(numbers[r]);
                }
                else if (column.Strings![r] is { } text) row.AppendValue(text);
                else row.AppendNullValue();
            }
            row.EndRow();
        }
    }
}
