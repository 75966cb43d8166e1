using System.Data.Common;
using DuckDB.NET.Data;

namespace MLCycle.Data;

/// <summary>An embedded, in-memory DuckDB connection for one read or profile; spills to the system temp folder, not the working directory.</summary>
internal sealed class DuckDbSession : IDisposable
{
    private readonly DuckDBConnection _connection;
    private readonly string _spillDirectory;
    private readonly List<string> _ownedFiles = [];
    private int _tableCounter;

    private DuckDbSession(DuckDBConnection connection, string spillDirectory)
    {
        _connection = connection;
        _spillDirectory = spillDirectory;
    }

    /// <summary>Opens a session; <paramref name="memoryLimit"/> (e.g. "1GB") caps DuckDB's memory, beyond which it spills to disk.</summary>
    public static DuckDbSession Open(string? memoryLimit = null)
    {
        if (memoryLimit is not null && !TableReadOptions.IsMemorySize(memoryLimit))
            throw new MLCycleException(ErrorKind.BadSpec, $"Memory limit '{memoryLimit}' is not a size; expected a positive number and a unit, e.g. 512MB or 1GB.");
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        // One spill folder per session: concurrent DuckDB instances must not share temporary files. DuckDB creates
        // only the last folder of the path when it first spills, so the shared parent must exist already.
        var parent = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "mlcycle-duckdb")).FullName;
        var spill = Path.Combine(parent, Guid.NewGuid().ToString("N"));
        var session = new DuckDbSession(connection, spill);
        // Insertion order is DuckDB's default, set here because training splits depend on row order.
        session.Execute($"SET temp_directory = {SqlText.Literal(spill)}; SET preserve_insertion_order = true;");
        if (memoryLimit is not null) session.Execute($"SET memory_limit = {SqlText.Literal(memoryLimit.Trim())}");
        return session;
    }

    public void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public DbDataReader Query(string sql) => Query(sql, streaming: false);

    /// <summary>
    /// Runs a query; a streaming query hands rows over chunk by chunk instead of letting DuckDB build the whole
    /// result first, which is what lets batch reads handle files bigger than memory.
    /// </summary>
    public DbDataReader Query(string sql, bool streaming)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.UseStreamingMode = streaming;
        return command.ExecuteReader();
    }

    /// <summary>Column names and DuckDB types of a table expression, without reading its rows.</summary>
    public IReadOnlyList<(string Name, string Type)> Describe(string tableExpression)
    {
        var columns = new List<(string, string)>();
        using var reader = Query("DESCRIBE SELECT * FROM " + tableExpression);
        while (reader.Read()) columns.Add((reader.GetString(0), reader.GetString(1)));
        return columns;
    }

    /// <summary>A table name not yet used in this session, for data loaded from outside DuckDB.</summary>
    public string NewTableName(string prefix) => $"{prefix}_{++_tableCounter}";

    /// <summary>An appender that bulk-inserts rows into an existing table of this session.</summary>
    public DuckDBAppender CreateAppender(string table) => _connection.CreateAppender(table);

    /// <summary>Deletes the file (e.g. a download) when the session ends, because the data read from it lives as long as the session.</summary>
    public void DeleteOnDispose(string file) => _ownedFiles.Add(file);

    public void Dispose()
    {
        _connection.Dispose();
        try
        {
            foreach (var file in _ownedFiles) File.Delete(file);
            if (Directory.Exists(_spillDirectory)) Directory.Delete(_spillDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover spill folder in the temp directory is harmless; failing the read over it would not be.
        }
    }
}
