using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using MLCycle.Monitoring;
using MLCycle.Storage;
using SQLitePCL;

namespace MLCycle.Bench;

/// <summary>
/// Where a prediction log row's cost goes on SQLite (ADR 0065). The same 10,000 rows are flushed as the store's writer flushes them
/// (one prepared INSERT, nine binds by position, a step and a reset per row, 2,000 rows per transaction; SqlitePredictionRows) into
/// stores made by MLCycleStore and then changed in one part of prediction_log each: an index dropped or made partial, AUTOINCREMENT
/// removed, a bigger page cache, binds without the insert. The variants take turns round by round, so a busy machine's load falls
/// on each alike, and the measure is the CPU time of the flushing thread itself (user and system apart, getrusage), which neither the
/// load nor the runtime's background threads move.
/// </summary>
public static class PredictionRowCost
{
    public const string Verb = "rowcost";
    internal const int Rows = 10_000;

    // Every variant starts from schema 16's log (main before ADR 0065), whatever migrations the store under it ran.
    internal const string Schema16 = """
        DROP INDEX ix_prediction_log_key;
        CREATE INDEX ix_prediction_log_key ON prediction_log (model_name, row_key, predicted_at);
        """;

    internal const string PartialKey = """
        DROP INDEX ix_prediction_log_key;
        CREATE INDEX ix_prediction_log_key ON prediction_log (model_name, row_key, predicted_at) WHERE row_key IS NOT NULL;
        """;

    // The table as migrations 3, 6, 7 and 14 leave it, with a plain rowid key instead of AUTOINCREMENT's.
    private const string NoAutoincrement = """
        DROP TABLE prediction_log;
        CREATE TABLE prediction_log (
            prediction_id INTEGER PRIMARY KEY, model_name VARCHAR(128) NOT NULL, version INTEGER NOT NULL, predicted_at BIGINT NOT NULL,
            inputs TEXT NOT NULL, output TEXT NOT NULL, id VARCHAR(36), role VARCHAR(8) NOT NULL DEFAULT 'primary', primary_id VARCHAR(36),
            row_key VARCHAR(256));
        CREATE INDEX ix_prediction_log_model_time ON prediction_log (model_name, predicted_at);
        CREATE UNIQUE INDEX ix_prediction_log_id ON prediction_log (id);
        CREATE INDEX ix_prediction_log_key ON prediction_log (model_name, row_key, predicted_at);
        """;

    private static readonly Variant[] Variants =
    [
        new("schema 16 (main): 3 indexes, AUTOINCREMENT"),
        new("binds and resets only, no step (the statement's binding)") { Step = false },
        new("no indexes") { Schema = "DROP INDEX ix_prediction_log_key; DROP INDEX ix_prediction_log_id; DROP INDEX ix_prediction_log_model_time;" },
        new("no key index (model_name, row_key, predicted_at)") { Schema = "DROP INDEX ix_prediction_log_key;" },
        new("key index partial: WHERE row_key IS NOT NULL") { Schema = PartialKey },
        new("no id index (UNIQUE, UUIDv7 text)") { Schema = "DROP INDEX ix_prediction_log_id;" },
        new("id index not UNIQUE") { Schema = "DROP INDEX ix_prediction_log_id; CREATE INDEX ix_prediction_log_id ON prediction_log (id);" },
        new("no model/time index (model_name, predicted_at)") { Schema = "DROP INDEX ix_prediction_log_model_time;" },
        new("no AUTOINCREMENT (plain rowid)") { Schema = NoAutoincrement },
        new("no AUTOINCREMENT + key index partial") { Schema = NoAutoincrement + PartialKey },
        new("10 rows per INSERT (AUTOINCREMENT's work once per statement)") { RowsPerStatement = 10 },
        new("cache_size 16 MB (default 2 MB)") { Connection = "PRAGMA cache_size = -16384;" },
        new("one transaction of 10,000 rows (not 5 of 2,000)") { PerTransaction = Rows },
        new("keyed rows, as main") { Keyed = true },
        new("keyed rows, key index partial") { Keyed = true, Schema = PartialKey },
    ];

    public static async Task MeasureAsync(string work, int rounds, string? only = null)
    {
        var (inputs, outputs) = RowsOf(Path.Combine(work, "churn.csv"));
        var keys = Enumerable.Range(0, Rows).Select(i => string.Create(CultureInfo.InvariantCulture, $"customer-{i:D6}")).ToArray();
        var chosen = Variants.Where(v => only is null || only.Split('|').Any(o => v.Name.Contains(o, StringComparison.Ordinal))).ToList();
        var files = new List<string>();
        foreach (var variant in chosen)
        {
            var folder = Path.Combine(work, "store" + files.Count);
            await (await MLCycleStore.OpenAsync(folder)).DisposeAsync();
            var file = Path.Combine(folder, MLCycleStore.DatabaseFileName);
            using (var connection = Open(file))
            {
                using var command = connection.CreateCommand();
                command.CommandText = Schema16 + variant.Schema;
                command.ExecuteNonQuery();
            }
            files.Add(file);
        }
        var user = new double[chosen.Count, rounds];
        var system = new double[chosen.Count, rounds];
        var ids = new string[Rows];
        // Round 0 warms up (the runtime compiles the loop, SQLite's pages come into the cache) and is not counted.
        for (var round = -1; round < rounds; round++)
        {
            for (var v = 0; v < chosen.Count; v++)
            {
                PredictionId.NewMany(DateTimeOffset.UtcNow, ids);
                using var connection = Open(files[v]);
                if (chosen[v].Connection is { } pragma)
                {
                    using var command = connection.CreateCommand();
                    command.CommandText = pragma;
                    command.ExecuteNonQuery();
                }
                var before = ThreadCpu();
                Flush(connection, chosen[v], ids, chosen[v].Keyed ? keys : null, inputs, outputs);
                var after = ThreadCpu();
                if (round < 0) continue;
                user[v, round] = after.User - before.User;
                system[v, round] = after.System - before.System;
            }
        }
        var rowBytes = inputs.Average(i => i.Length) + outputs.Average(o => o.Length);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"## A prediction log flush of {Rows:N0} rows on SQLite by variant ({rounds} rounds after one of warm-up, variants in turn; rows of {rowBytes:0} bytes of JSON; the stores grow by {Rows:N0} rows a round; {Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})"));
        Console.WriteLine("| variant | flushing thread's CPU ms per 10,000 rows, median (min–max) | user ms | system ms |");
        Console.WriteLine("|---|---|---|---|");
        for (var v = 0; v < chosen.Count; v++)
        {
            var total = Enumerable.Range(0, rounds).Select(r => user[v, r] + system[v, r]).Order().ToList();
            var users = Enumerable.Range(0, rounds).Select(r => user[v, r]).Order().ToList();
            var systems = Enumerable.Range(0, rounds).Select(r => system[v, r]).Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {chosen[v].Name} | {total[rounds / 2]:0.0} ({total[0]:0.0}–{total[^1]:0.0}) | {users[rounds / 2]:0.0} | {systems[rounds / 2]:0.0} |"));
        }
        if (Environment.GetEnvironmentVariable(PostgresFlushStore.Variable) is { Length: > 0 })
        {
            await PredictionRowCostPostgres.MeasureAsync(work, rounds, inputs, outputs, keys, only);
        }
    }

    // As SqlitePredictionRows binds and steps, on a connection set up as the store's (WAL, synchronous NORMAL); with more than one
    // row per statement, the same columns repeated in one multi-row VALUES.
    private static void Flush(SqliteConnection connection, Variant variant, string[] ids, string[]? keys, byte[][] inputs, byte[][] outputs)
    {
        var db = connection.Handle!;
        var time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var per = variant.RowsPerStatement;
        var sql = "INSERT INTO prediction_log (id, model_name, version, predicted_at, inputs, output, role, primary_id, row_key) VALUES "
            + string.Join(", ", Enumerable.Range(0, per).Select(j => "(" + string.Join(", ", Enumerable.Range(1, 9).Select(c => "?" + (9 * j + c))) + ")"));
        for (var start = 0; start < Rows; start += variant.PerTransaction)
        {
            using var transaction = connection.BeginTransaction();
            Check(raw.sqlite3_prepare_v2(db, sql, out var statement), db);
            using (statement)
            {
                for (var j = 0; j < per; j++)
                {
                    raw.sqlite3_bind_text(statement, 9 * j + 2, "bench-lightgbm");
                    raw.sqlite3_bind_int(statement, 9 * j + 3, 1);
                    raw.sqlite3_bind_int64(statement, 9 * j + 4, time);
                    raw.sqlite3_bind_text(statement, 9 * j + 7, "primary");
                    raw.sqlite3_bind_null(statement, 9 * j + 8);
                }
                for (var r = start; r < start + variant.PerTransaction; r += per)
                {
                    for (var j = 0; j < per; j++)
                    {
                        Text(statement, 9 * j + 1, ids[r + j]);
                        raw.sqlite3_bind_text(statement, 9 * j + 5, inputs[r + j].AsSpan());
                        raw.sqlite3_bind_text(statement, 9 * j + 6, outputs[r + j].AsSpan());
                        if (keys is null) raw.sqlite3_bind_null(statement, 9 * j + 9);
                        else Text(statement, 9 * j + 9, keys[r + j]);
                    }
                    if (variant.Step)
                    {
                        var rc = raw.sqlite3_step(statement);
                        if (rc != raw.SQLITE_DONE) Check(rc, db);
                    }
                    raw.sqlite3_reset(statement);
                }
            }
            transaction.Commit();
        }
    }

    private static void Text(sqlite3_stmt statement, int index, string value)
    {
        Span<byte> utf8 = stackalloc byte[3 * 64];
        raw.sqlite3_bind_text(statement, index, utf8[..Encoding.UTF8.GetBytes(value, utf8)]);
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
    }

    private static SqliteConnection Open(string file)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = SqliteDialect.Instance.ConnectionInitSql;
        command.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Each row's inputs as LoggedRequestTable writes them (the churn data's nine inputs in order) and an output as the
    /// server's Prediction JSON has it (label and both probabilities).</summary>
    private static (byte[][] Inputs, byte[][] Outputs) RowsOf(string csv)
    {
        SyntheticData.WriteCsv(csv, Rows);
        var lines = File.ReadLines(csv).Select(l => l.Split(',')).ToList();
        var header = lines[0];
        var inputs = new byte[Rows][];
        var outputs = new byte[Rows][];
        for (var i = 0; i < Rows; i++)
        {
            var line = lines[i + 1];
            var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                for (var c = 0; c < header.Length - 1; c++)
                {
                    if (line[c].Length == 0) json.WriteNull(header[c]);
                    else if (double.TryParse(line[c], NumberStyles.Float, CultureInfo.InvariantCulture, out _)) { json.WritePropertyName(header[c]); json.WriteRawValue(line[c]); }
                    else json.WriteString(header[c], line[c]);
                }
                json.WriteEndObject();
            }
            inputs[i] = buffer.ToArray();
            var yes = (i * 7919 % 10_000) / 10_000.0;
            outputs[i] = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $"{{\"label\":\"{(yes >= 0.5 ? "yes" : "no")}\",\"probabilities\":{{\"no\":{1 - yes},\"yes\":{yes}}},\"value\":null}}"));
        }
        return (inputs, outputs);
    }

    private static (double User, double System) ThreadCpu()
    {
        if (GetResourceUsage(ResourceUsageOfThread, out var usage) != 0) throw new InvalidOperationException("getrusage(RUSAGE_THREAD) failed.");
        return (usage.UserSeconds * 1e3 + usage.UserMicroseconds / 1e3, usage.SystemSeconds * 1e3 + usage.SystemMicroseconds / 1e3);
    }

    private const int ResourceUsageOfThread = 1;   // RUSAGE_THREAD (Linux)

    [DllImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static extern int GetResourceUsage(int who, out ResourceUsage usage);

    // struct rusage on 64-bit Linux: two timevals, then fourteen longs this bench does not read (144 bytes in all).
    [StructLayout(LayoutKind.Sequential, Size = 144)]
    private struct ResourceUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
    }

    private sealed record Variant(string Name)
    {
        public string? Schema { get; init; }
        public string? Connection { get; init; }
        public bool Step { get; init; } = true;
        public bool Keyed { get; init; }
        public int PerTransaction { get; init; } = 2_000;
        public int RowsPerStatement { get; init; } = 1;
    }
}
