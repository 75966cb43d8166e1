using System.Text;
using Microsoft.Data.Sqlite;
using MLCycle.Monitoring;
using SQLitePCL;

namespace MLCycle.Storage;

/// <summary>Writes prediction log rows on SQLite through SQLite's own statement API, below Microsoft.Data.Sqlite (ADR 0057).</summary>
/// <remarks>The server flushes 10,000 rows for every 10,000-row request, on the cores that serve the requests. Through
/// <c>SqliteCommand</c> each row paid for a data reader, a stopwatch, nine parameters bound by name and about 1.1 kB of garbage;
/// here a row is a few binds by position, one step and one reset. The JSON is bound as the UTF-8 the request wrote (ADR 0061)
/// and the batch's model, version, time and role once per batch (a reset keeps bindings). SQLite's B-tree and index work,
/// which is the rest, stays the same.</remarks>
internal static class SqlitePredictionRows
{
    // The column order is the order of the binds below: ?1 is the id, ?9 the row key.
    private const string InsertSql = """
        INSERT INTO prediction_log (id, model_name, version, predicted_at, inputs, output, role, primary_id, row_key)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
        """;

    // A many-row slice as one record (ADR 0078); ?8 and ?9 are its two blobs.
    private const string InsertPackSql = """
        INSERT INTO prediction_log_packs (model_name, version, predicted_at, role, row_count, first_id, last_id, ids, entries)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
        """;

    /// <summary>Inserts <paramref name="rows"/> in the caller's open transaction on <paramref name="connection"/>; throws
    /// <see cref="SqliteException"/> with SQLite's codes (a repeated id is a unique violation), as a command would.</summary>
    public static int Insert(SqliteConnection connection, PredictionLogRows rows, CancellationToken ct)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        var (packed, single) = PredictionLogPack.Split(rows.Slices);
        InsertPacks(db, packed, ct);
        Check(raw.sqlite3_prepare_v2(db, InsertSql, out var statement), db);
        using (statement)
        {
            var done = 0;
            foreach (var (batch, start, count) in single)
            {
                Text(statement, 2, batch.ModelName);
                raw.sqlite3_bind_int(statement, 3, batch.Version);
                raw.sqlite3_bind_int64(statement, 4, batch.Time.ToUnixTimeMilliseconds());
                Text(statement, 7, SqlPredictionLog.RoleText(batch.Role));
                for (var r = start; r < start + count; r++)
                {
                    if ((done++ & 255) == 0) ct.ThrowIfCancellationRequested();
                    Utf8OrNull(statement, 1, batch.IdUtf8(r));
                    Utf8(statement, 5, batch.Inputs(r).Span);
                    Utf8(statement, 6, batch.Output(r).Span);
                    Utf8OrNull(statement, 8, batch.PrimaryIdUtf8(r));
                    Utf8OrNull(statement, 9, batch.KeyUtf8(r));
                    var rc = raw.sqlite3_step(statement);
                    // The error's message and extended code are read before the reset, which would report it a second time.
                    if (rc != raw.SQLITE_DONE) Check(rc, db);
                    raw.sqlite3_reset(statement);
                }
            }
        }
        return rows.Count;
    }

    private static void InsertPacks(sqlite3 db, List<PredictionLogSlice> packed, CancellationToken ct)
    {
        sqlite3_stmt? statement = null;
        try
        {
            foreach (var slice in packed)
            {
                ct.ThrowIfCancellationRequested();
                if (statement is null) Check(raw.sqlite3_prepare_v2(db, InsertPackSql, out statement), db);
                using var pack = PredictionLogPack.Of(slice);
                var batch = slice.Batch;
                Text(statement, 1, batch.ModelName);
                raw.sqlite3_bind_int(statement, 2, batch.Version);
                raw.sqlite3_bind_int64(statement, 3, batch.Time.ToUnixTimeMilliseconds());
                Text(statement, 4, SqlPredictionLog.RoleText(batch.Role));
                raw.sqlite3_bind_int(statement, 5, slice.Count);
                Text(statement, 6, pack.FirstId);
                Text(statement, 7, pack.LastId);
                raw.sqlite3_bind_blob(statement, 8, pack.Ids.Span);
                raw.sqlite3_bind_blob(statement, 9, pack.Rows.Span);
                var rc = raw.sqlite3_step(statement);
                if (rc != raw.SQLITE_DONE) Check(rc, db);
                raw.sqlite3_reset(statement);
            }
        }
        finally
        {
            statement?.Dispose();
        }
    }

    private static void Utf8(sqlite3_stmt statement, int index, ReadOnlySpan<byte> value)
    {
        // SQLite copies the text (SQLITE_TRANSIENT). An empty span has no address, which would bind NULL: "" is bound as a string.
        if (value.IsEmpty) raw.sqlite3_bind_text(statement, index, "");
        else raw.sqlite3_bind_text(statement, index, value);
    }

    private static void Utf8OrNull(sqlite3_stmt statement, int index, ReadOnlyMemory<byte>? value)
    {
        if (value is { } text) Utf8(statement, index, text.Span);
        else raw.sqlite3_bind_null(statement, index);
    }

    private static void Text(sqlite3_stmt statement, int index, string? value)
    {
        if (value is null)
        {
            raw.sqlite3_bind_null(statement, index);
            return;
        }
        // Ids, keys and names are short: encoded on the stack, where binding the string would allocate its UTF-8 copy per row.
        if (value.Length is > 0 and <= 128)
        {
            Span<byte> utf8 = stackalloc byte[3 * 128];
            raw.sqlite3_bind_text(statement, index, utf8[..Encoding.UTF8.GetBytes(value, utf8)]);
            return;
        }
        raw.sqlite3_bind_text(statement, index, value);
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
    }
}
