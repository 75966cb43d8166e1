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
    private static readonly Lock AheadGate = new();
    private static Lazy<DuckDBConnection>? _ahead;

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
        var connection = TakeAhead() ?? Connect();
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

    /// <summary>
    /// Starts loading DuckDB and opening a connection on a thread-pool thread, for the next <see cref="Open"/> to take
    /// (docs/adr/0047); does nothing when one is already on its way.
    /// </summary>
    public static void OpenAhead()
    {
        lock (AheadGate)
        {
            if (_ahead is not null) return;
            var ahead = _ahead = new Lazy<DuckDBConnection>(Connect);
            // A failure stays in the Lazy: the Open that takes it rethrows it, as its own open would have thrown it.
            _ = Task.Run(() => ahead.Value);
        }
    }

    /// <summary>Whether a connection opened ahead waits for a session to take it.</summary>
    internal static bool HasConnectionAhead
    {
        get
        {
            lock (AheadGate) return _ahead is not null;
        }
    }

    /// <summary>Closes a connection opened ahead that no session took, once it is open (so no thread is inside DuckDB at exit).</summary>
    public static void CloseAhead()
    {
        try
        {
            TakeAhead()?.Dispose();
        }
        catch (DuckDBException)
        {
            // Opening ahead failed and nothing needed it.
        }
    }

    // The connection opened ahead, waiting for it when it is still opening, or null when none was started.
    private static DuckDBConnection? TakeAhead()
    {
        Lazy<DuckDBConnection>? ahead;
        lock (AheadGate) (ahead, _ahead) = (_ahead, null);
        return ahead?.Value;
    }

    private static DuckDBConnection Connect()
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        return connection;
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
