using Npgsql;

namespace MLCycle.Data.Sources;

/// <summary>
/// Reads a table or query from PostgreSQL with Npgsql and streams it into the DuckDB session through the appender,
/// typing each column from the type PostgreSQL declares for it.
/// </summary>
internal static class PostgresLoader
{
    public static LoadedSource Load(PostgresAddress address, TableReadOptions options, DuckDbSession session, CancellationToken ct)
    {
        var sql = DatabaseQuery.For(address.Display, options, SqliteLoader.QuotedName);
        var table = session.NewTableName("mlcycle_postgres");
        try
        {
            using var connection = new NpgsqlConnection(address.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            using var reader = command.ExecuteReader();
            var columns = Enumerable.Range(0, reader.FieldCount).Select(i => (reader.GetName(i), TypeOf(reader.GetFieldType(i)))).ToList();
            DuckDbTableLoader.Load(session, table, columns, Rows(reader), ct);
        }
        catch (NpgsqlException e)
        {
            // The server answered, so the query is at fault; otherwise the server is.
            var (kind, what) = e is PostgresException ? (ErrorKind.BadSpec, $"could not run \"{sql}\"") : (ErrorKind.Unavailable, "could not be reached");
            throw new MLCycleException(kind, $"PostgreSQL '{address.Display}' {what}: {e.Message}", e);
        }
        return new LoadedSource(address.Display, table);
    }

    private static IEnumerable<object?[]> Rows(NpgsqlDataReader reader)
    {
        while (reader.Read())
        {
            var values = new object?[reader.FieldCount];
            reader.GetValues(values!);
            yield return values;
        }
    }

    private static string TypeOf(Type type)
    {
        if (type == typeof(short) || type == typeof(int) || type == typeof(long) || type == typeof(byte)) return DuckDbTableLoader.BigInt;
        if (type == typeof(float) || type == typeof(double) || type == typeof(decimal)) return DuckDbTableLoader.Double;
        if (type == typeof(bool)) return DuckDbTableLoader.Boolean;
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly)) return DuckDbTableLoader.Timestamp;
        return DuckDbTableLoader.Varchar;
    }
}
