namespace MLCycle.Storage;

/// <summary>Statement text in the ANSI-style ON CONFLICT form that both SQLite and PostgreSQL accept.</summary>
internal static class SqlText
{
    public static string Upsert(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> valueColumns)
    {
        var columns = keyColumns.Concat(valueColumns).ToList();
        var updates = string.Join(", ", valueColumns.Select(c => $"{c} = excluded.{c}"));
        return $"{Insert(table, columns)} ON CONFLICT ({string.Join(", ", keyColumns)}) DO UPDATE SET {updates}";
    }

    public static string InsertIfAbsent(string table, IReadOnlyList<string> columns) =>
        $"{Insert(table, columns)} ON CONFLICT DO NOTHING";

    private static string Insert(string table, IReadOnlyList<string> columns) =>
        $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))})";
}
