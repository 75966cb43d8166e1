namespace MLCycle.Data;

/// <summary>Finds the first row where a predicate holds by streaming the relation in file order (only on the error path).</summary>
internal static class BadValueLocator
{
    /// <summary>The 1-based data row and the value as text, or null if no row matches.</summary>
    public static (long Row, string Value)? FindFirst(DuckDbSession session, string relation, string column, string predicate)
    {
        var q = SqlText.Identifier(column);
        using var reader = session.Query($"SELECT CAST({q} AS VARCHAR), {predicate} FROM {relation}", streaming: true);
        long row = 0;
        while (reader.Read())
        {
            row++;
            if (!reader.IsDBNull(1) && reader.GetBoolean(1)) return (row, reader.IsDBNull(0) ? "" : reader.GetString(0));
        }
        return null;
    }
}
