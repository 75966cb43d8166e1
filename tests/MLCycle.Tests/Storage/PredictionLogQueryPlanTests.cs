using System.Data.Common;
using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using MLCycle.Monitoring;
using MLCycle.Storage;
using Npgsql;

namespace MLCycle.Tests.Storage;

/// <summary>Each statement that reads prediction_log (<see cref="PredictionLogQueries"/>) searches the log through the index it was
/// written for, on SQLite and on PostgreSQL, in a store with rows of several models, keyed and not: a change to a query or to the
/// log's indexes (ADR 0065: the key index holds keyed rows only) that would make one of them read the whole log fails here.</summary>
public sealed class PredictionLogQueryPlanTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000);

    // Every member of PredictionLogQueries, the index on prediction_log its plan must search, and values for its parameters.
    internal static readonly IReadOnlyList<(string Name, Func<ISqlDialect, string> Sql, string Index, object Parameters)> Queries =
    [
        (nameof(PredictionLogQueries.Read), _ => PredictionLogQueries.Read, "ix_prediction_log_model_time",
            new { ModelName = "churn", Since = T0.ToUnixTimeMilliseconds(), Limit = 1000 }),
        (nameof(PredictionLogQueries.ReadLabelled), _ => PredictionLogQueries.ReadLabelled, "ix_prediction_log_model_time",
            new { ModelName = "churn", Since = T0.ToUnixTimeMilliseconds() }),
        (nameof(PredictionLogQueries.FindIds), PredictionLogQueries.FindIds, "ix_prediction_log_id",
            new { ModelName = "churn", Ids = new[] { PredictionId.New(T0), PredictionId.New(T0) } }),
        (nameof(PredictionLogQueries.FindByKeys), PredictionLogQueries.FindByKeys, "ix_prediction_log_key",
            new { ModelName = "churn", Keys = new[] { "7590-VHVEG", "5575-GNVDE" }, Before = T0.AddDays(1).ToUnixTimeMilliseconds() }),
        // The last tenth of the packs' hour: a since that leaves out most of them, as a monitoring window does.
        (nameof(PredictionLogQueries.ReadPacks), _ => PredictionLogQueries.ReadPacks, "ix_prediction_log_packs_model_time",
            new { ModelName = "churn", Since = T0.AddMinutes(54).ToUnixTimeMilliseconds(), Packs = 16 }),
        (nameof(PredictionLogQueries.ReadPackHeads), _ => PredictionLogQueries.ReadPackHeads, "ix_prediction_log_packs_model_time",
            new { ModelName = "churn", Since = T0.AddMinutes(54).ToUnixTimeMilliseconds() }),
        (nameof(PredictionLogQueries.ReadPack), _ => PredictionLogQueries.ReadPack, "(INTEGER PRIMARY KEY|prediction_log_packs_pkey)",
            new { PackId = 3L }),
        // Feedback on recent predictions: ids of the packs' last minutes.
        (nameof(PredictionLogQueries.ReadPackIds), PredictionLogQueries.ReadPackIds, "(INTEGER PRIMARY KEY|prediction_log_packs_pkey)",
            new { PackIds = new long[] { 1, 2 } }),
        (nameof(PredictionLogQueries.FindPackRanges), _ => PredictionLogQueries.FindPackRanges, "ix_prediction_log_packs_last_id",
            new { ModelName = "churn", From = Guid.CreateVersion7(T0.AddMinutes(55)).ToString(), To = Guid.CreateVersion7(T0.AddMinutes(56)).ToString() }),
        // The outcomes' primary key, as each engine names it.
        (nameof(PredictionLogQueries.ReadOutcomeRange), _ => PredictionLogQueries.ReadOutcomeRange, "(sqlite_autoindex_prediction_outcomes_1|prediction_outcomes_pkey)",
            new { From = Guid.CreateVersion7(T0).ToString(), To = Guid.CreateVersion7(T0.AddMinutes(1)).ToString() }),
    ];

    [Fact]
    public void Queries_coverEveryStatementThatReadsTheLog()
    {
        var members = typeof(PredictionLogQueries).GetMembers(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m is FieldInfo or MethodInfo { IsSpecialName: false }).Select(m => m.Name).Order(StringComparer.Ordinal);

        Assert.Equal(members, Queries.Select(q => q.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EveryQuery_sqlite_searchesItsIndex()
    {
        using var temp = new TempDirectory();
        await using (var store = await MLCycleStore.OpenAsync(temp.Path))
        {
            await LogRowsAsync(store);
        }
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(temp.Path, MLCycleStore.DatabaseFileName)};Pooling=False");
        await connection.OpenAsync();

        await AssertSqliteSearchesAsync(connection);
    }

    [Fact]
    [Trait("Requires", "postgres")]
    public async Task EveryQuery_postgres_searchesItsIndex()
    {
        using var postgres = new PostgresTestStore();
        await using (var store = await postgres.OpenAsync())
        {
            await LogRowsAsync(store);
        }
        await using var connection = new NpgsqlConnection(StoreAddress.Parse(postgres.Address).Postgres!.ConnectionString);
        await connection.OpenAsync();

        await AssertPostgresSearchesAsync(connection);
    }

    [Fact]
    public async Task AssertSqliteSearches_keyIndexDropped_failsNamingTheQuery()
    {
        using var temp = new TempDirectory();
        await using (var store = await MLCycleStore.OpenAsync(temp.Path))
        {
            await LogRowsAsync(store);
        }
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(temp.Path, MLCycleStore.DatabaseFileName)};Pooling=False");
        await connection.OpenAsync();
        await connection.ExecuteAsync("DROP INDEX ix_prediction_log_key");

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => AssertSqliteSearchesAsync(connection));

        Assert.Contains(nameof(PredictionLogQueries.FindByKeys), failure.Message, StringComparison.Ordinal);
    }

    /// <summary>Asserts that SQLite's plan of each query searches its index and never scans the log.</summary>
    internal static async Task AssertSqliteSearchesAsync(SqliteConnection connection)
    {
        foreach (var (name, sql, index, parameters) in Queries)
        {
            // EXPLAIN QUERY PLAN's fourth column is the step's text: "SEARCH p USING INDEX ix_… (model_name=? AND …)" or "SCAN p".
            var plan = new List<string>();
            await using (var reader = await connection.ExecuteReaderAsync("EXPLAIN QUERY PLAN " + sql(SqliteDialect.Instance), parameters))
            {
                while (await reader.ReadAsync()) plan.Add(reader.GetString(3));
            }
            var text = string.Join(" | ", plan);
            Assert.True(plan.Any(step => Regex.IsMatch(step, $@"^SEARCH (prediction_log|prediction_log_packs|prediction_outcomes|p) USING ((COVERING )?INDEX )?{index} \(")), $"{name} does not search {index}: {text}");
            Assert.False(plan.Any(step => Regex.IsMatch(step, "^SCAN (prediction_log|prediction_log_packs|prediction_outcomes|p)( |$)")), $"{name} scans the log: {text}");
        }
    }

    /// <summary>Asserts that PostgreSQL's plan of each query reads the log through its index. Sequential scans are priced out of
    /// the session, so the plan shows whether an index can serve the query at all, whatever the test's few rows would favour; one
    /// that cannot still comes out as a Seq Scan.</summary>
    internal static async Task AssertPostgresSearchesAsync(NpgsqlConnection connection)
    {
        await connection.ExecuteAsync("ANALYZE prediction_log; ANALYZE prediction_log_packs; ANALYZE prediction_outcomes; SET enable_seqscan = off");
        foreach (var (name, sql, index, parameters) in Queries)
        {
            var plan = new List<string>();
            await using (var reader = await connection.ExecuteReaderAsync("EXPLAIN (COSTS OFF) " + sql(new PostgresDialect()), parameters))
            {
                while (await reader.ReadAsync()) plan.Add(reader.GetString(0).Trim());
            }
            var text = string.Join(" | ", plan);
            Assert.True(plan.Any(step => Regex.IsMatch(step, $@"^(->\s+)?(Index Scan|Index Only Scan|Bitmap Index Scan)( Backward)?( using| on) {index}\b")), $"{name} does not search {index}: {text}");
            Assert.DoesNotContain(plan, step => step.Contains("Seq Scan on prediction_", StringComparison.Ordinal));
        }
    }

    /// <summary>Rows of three models over a day, a third of them keyed, and outcomes for some: enough for PostgreSQL's statistics to
    /// tell the models and keys apart.</summary>
    internal static async Task LogRowsAsync(MLCycleStore store)
    {
        var entries = Enumerable.Range(0, 600).Select(i => new PredictionLogEntry(
            (i % 3) switch { 0 => "churn", 1 => "housing", _ => "fraud" }, 1 + i % 2, T0.AddMinutes(i), $$"""{"tenure":{{i}}}""", """{"label":"Yes"}""")
        {
            Id = PredictionId.New(T0.AddMinutes(i)),
            Key = i % 3 == 0 && i % 2 == 0 ? $"key-{i % 50}" : null,
        }).ToList();
        await store.Predictions.AppendAsync(entries);
        // And 60 packs (ADR 0078) of three models, each of the fewest rows packed.
        for (var p = 0; p < 60; p++)
        {
            // Stamped with the pack's own minute (the process's id clock is past them all by now).
            var ids = Enumerable.Range(0, PredictionLogPack.MinRows).Select(_ => Guid.CreateVersion7(T0.AddMinutes(p))).ToArray();
            using var builder = new PredictionLogBatchBuilder(ids.Length);
            foreach (var id in ids)
            {
                builder.Json.WriteStartObject();
                builder.Json.WriteEndObject();
                builder.EndInputs();
                builder.Json.WriteStartObject();
                builder.Json.WriteEndObject();
                builder.EndRow(id);
            }
            var batch = builder.Build((p % 3) switch { 0 => "churn", 1 => "housing", _ => "fraud" }, 1, T0.AddMinutes(p), PredictionRole.Primary);
            await store.Predictions.AppendRowsAsync(new PredictionLogRows([new PredictionLogSlice(batch, 0, batch.Count)]));
        }
        await store.Predictions.AddOutcomesAsync("churn", [.. entries.Where(e => e.ModelName == "churn").Take(50).Select(e => new PredictionOutcome(e.Id!, "Yes", null))]);
    }
}
