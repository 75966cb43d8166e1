using Microsoft.Data.Sqlite;
using MLCycle.Monitoring;
using SQLitePCL;

namespace MLCycle.Storage;

/// <summary>Writes prediction log rows on SQLite through SQLite's own statement API, below Microsoft.Data.Sqlite (ADR 0057).</summary>
/// <remarks>The server flushes 10,000 rows for every 10,000-row request, on the cores that serve the requests. Through
/// <c>SqliteCommand</c> each row paid for a data reader, a stopwatch, nine parameters bound by name and about 1.1 kB of garbage;
/// here a row is nine binds by position, one step and one reset, and the garbage is gone. SQLite's B-tree and index work,
/// which is the rest, stays the same.</remarks>
internal static class SqlitePredictionRows
{
    // The column order is the order of the binds below: ?1 is the id, ?9 the row key.
    private const string InsertSql = """
        INSERT INTO prediction_log (id, model_name, version, predicted_at, inputs, output, role, primary_id, row_key)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
        """;

    /// <summary>Inserts <paramref name="entries"/> in the caller's open transaction on <paramref name="connection"/>; throws
    /// <see cref="SqliteException"/> with SQLite's codes (a repeated id is a unique violation), as a command would.</summary>
    public static int Insert(SqliteConnection connection, IReadOnlyList<PredictionLogEntry> entries, CancellationToken ct)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        Check(raw.sqlite3_prepare_v2(db, InsertSql, out var statement), db);
        using (statement)
        {
            for (var i = 0; i < entries.Count; i++)
            {
                if ((i & 255) == 0) ct.ThrowIfCancellationRequested();
                var e = entries[i];
                Text(statement, 1, e.Id);
                Text(statement, 2, e.ModelName);
                raw.sqlite3_bind_int(statement, 3, e.Version);
                raw.sqlite3_bind_int64(statement, 4, e.Time.ToUnixTimeMilliseconds());
                Text(statement, 5, e.InputsJson);
                Text(statement, 6, e.OutputJson);
                Text(statement, 7, SqlPredictionLog.RoleText(e.Role));
                Text(statement, 8, e.PrimaryId);
                Text(statement, 9, e.Key);
                var rc = raw.sqlite3_step(statement);
                // The error's message and extended code are read before the reset, which would report it a second time.
                if (rc != raw.SQLITE_DONE) Check(rc, db);
                raw.sqlite3_reset(statement);
            }
        }
        return entries.Count;
    }

    private static void Text(sqlite3_stmt statement, int index, string? value)
    {
        // SQLite copies the text it is given (SQLITE_TRANSIENT), so nothing has to outlive the call.
        if (value is null) raw.sqlite3_bind_null(statement, index);
        else raw.sqlite3_bind_text(statement, index, value);
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
    }
}
