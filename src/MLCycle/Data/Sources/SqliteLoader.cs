using Microsoft.Data.Sqlite;

namespace MLCycle.Data.Sources;

/// <summary>
/// Reads a table or query from a SQLite file with Microsoft.Data.Sqlite and loads it into the DuckDB session
/// (DuckDB's sqlite extension cannot be downloaded here). SQLite types values one by one, so a column is BIGINT when
/// all its values are integers, DOUBLE when they are numbers, and VARCHAR otherwise.
/// </summary>
internal static class SqliteLoader
{
    public static LoadedSource Load(string path, TableReadOptions options, DuckDbSession session, CancellationToken ct)
    {
        var sql = DatabaseQuery.For(path, options, QuotedName);
        if (!File.Exists(path)) throw new MLCycleException(ErrorKind.BadSpec, $"SQLite file '{path}' does not exist (looked at '{Path.GetFullPath(path)}').");
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        List<string> names;
        var rows = new List<object?[]>();
        try
        {
            using var connection = new SqliteConnection(builder.ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            while (reader.Read())
            {
                var values = new object?[reader.FieldCount];
                reader.GetValues(values!);
                rows.Add(values);
                if (rows.Count % 65536 == 0) ct.ThrowIfCancellationRequested();
            }
        }
        catch (SqliteException e)
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"SQLite '{path}' could not run \"{sql}\": {e.Message}", e);
        }
        var columns = names.Select((n, i) => (n, TypeOf(rows, i))).ToList();
        var table = session.NewTableName("mlcycle_sqlite");
        DuckDbTableLoader.Load(session, table, columns, rows, ct);
        return new LoadedSource(path, table);
    }

    internal static string QuotedName(string name) =>
        string.Join(".", name.Split('.').Select(SqlText.Identifier));

    private static string TypeOf(List<object?[]> rows, int column)
    {
        var type = DuckDbTableLoader.BigInt;
        var any = false;
        foreach (var row in rows)
        {
            switch (row[column])
            {
                case null or DBNull: continue;
                case long: any = true; break;
                case double: any = true; type = DuckDbTableLoader.Double; break;
                default: return DuckDbTableLoader.Varchar;
            }
        }
        return any ? type : DuckDbTableLoader.Varchar;
    }
}
