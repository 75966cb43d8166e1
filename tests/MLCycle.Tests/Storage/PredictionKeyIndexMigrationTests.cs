using Dapper;
using Microsoft.Data.Sqlite;
using MLCycle.Monitoring;
using MLCycle.Storage;
using Npgsql;

namespace MLCycle.Tests.Storage;

/// <summary>Migration 17 (the key index holds keyed rows only, ADR 0065) on a store of schema 16 with logged rows, keyed and not:
/// the rows read back, feedback by key and by id finds what it found before, rows logged after it are found too, and every read of
/// the log still searches its index. On SQLite and on PostgreSQL.</summary>
public sealed class PredictionKeyIndexMigrationTests
{
    private static readonly DateTimeOffset Cutoff = DateTimeOffset.FromUnixTimeMilliseconds(10_000);

    [Fact]
    public async Task Migration17_sqliteLogOfSchema16_keepsWorkingWithTheKeyIndexOnKeyedRows()
    {
        using var temp = new TempDirectory();
        var file = Path.Combine(temp.Path, MLCycleStore.DatabaseFileName);
        await using (var database = new StoreDatabase(SqliteDialect.CreateDataSource(file), SqliteDialect.Instance))
        {
            await MigrationRunner.MigrateAsync(database, [.. SchemaMigrations.All.Where(m => m.Number < 17)], CancellationToken.None);
            await database.ReadAsync(c => c.ExecuteAsync(Schema16Rows), CancellationToken.None);
        }

        await using (var store = await MLCycleStore.OpenAsync(temp.Path))
        {
            await AssertLogKeepsWorkingAsync(store);
            // Rows enough that PostgreSQL's statistics tell models and ids apart, as in the plan tests of a new store.
            await PredictionLogQueryPlanTests.LogRowsAsync(store);
        }

        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        Assert.EndsWith("WHERE row_key IS NOT NULL", await connection.ExecuteScalarAsync<string>("SELECT sql FROM sqlite_master WHERE name = 'ix_prediction_log_key'"));
        await PredictionLogQueryPlanTests.AssertSqliteSearchesAsync(connection);
    }

    [Fact]
    [Trait("Requires", "postgres")]
    public async Task Migration17_postgresLogOfSchema16_keepsWorkingWithTheKeyIndexOnKeyedRows()
    {
        using var postgres = new PostgresTestStore();
        var address = StoreAddress.Parse(postgres.Address);
        await using (var database = new StoreDatabase(NpgsqlDataSource.Create(address.Postgres!.ConnectionString), new PostgresDialect(address.Schema)))
        {
            await MigrationRunner.MigrateAsync(database, [.. SchemaMigrations.All.Where(m => m.Number < 17)], CancellationToken.None);
            await database.ReadAsync(c => c.ExecuteAsync(Schema16Rows), CancellationToken.None);
        }

        await using (var store = await postgres.OpenAsync())
        {
            await AssertLogKeepsWorkingAsync(store);
            // Rows enough that PostgreSQL's statistics tell models and ids apart, as in the plan tests of a new store.
            await PredictionLogQueryPlanTests.LogRowsAsync(store);
        }

        await using var connection = new NpgsqlConnection(address.Postgres.ConnectionString);
        await connection.OpenAsync();
        Assert.EndsWith("WHERE (row_key IS NOT NULL)", await connection.ExecuteScalarAsync<string>(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = @Schema AND indexname = 'ix_prediction_log_key'", new { postgres.Schema }));
        await PredictionLogQueryPlanTests.AssertPostgresSearchesAsync(connection);
    }

    // As schema 16's writers left them: keyed and unkeyed rows of two models, a canary, and a keyed row from before ids.
    private const string Schema16Rows = """
        INSERT INTO prediction_log (model_name, version, predicted_at, inputs, output, id, role, primary_id, row_key) VALUES
            ('churn', 1, 1000, '{"tenure":1}', '{"label":"Yes"}', 'id-1', 'primary', NULL, '7590-VHVEG'),
            ('churn', 1, 2000, '{"tenure":2}', '{"label":"No"}', 'id-2', 'primary', NULL, NULL),
            ('churn', 2, 3000, '{"tenure":3}', '{"label":"Yes"}', 'id-3', 'canary', NULL, '7590-VHVEG'),
            ('churn', 1, 4000, '{"tenure":4}', '{"label":"No"}', NULL, 'primary', NULL, '5575-GNVDE'),
            ('housing', 1, 1500, '{"rooms":5}', '{"value":1.5}', 'id-5', 'primary', NULL, '7590-VHVEG');
        """;

    private static async Task AssertLogKeepsWorkingAsync(MLCycleStore store)
    {
        Assert.Equal(new (string?, string?)[] { ("id-1", "7590-VHVEG"), ("id-2", null), ("id-3", "7590-VHVEG"), (null, "5575-GNVDE") },
            (await store.Predictions.ReadAsync("churn")).Select(e => (e.Id, e.Key)));
        // The row without an id cannot be labelled, so its key finds nothing, as before.
        Assert.Equal([new KeyedPrediction("7590-VHVEG", "id-1", 1), new KeyedPrediction("7590-VHVEG", "id-3", 2)],
            await store.Predictions.FindByKeysAsync("churn", ["7590-VHVEG", "5575-GNVDE"], Cutoff));

        var keyed = PredictionId.New(Cutoff.AddSeconds(-1));
        var unkeyed = PredictionId.New(Cutoff.AddSeconds(-1));
        await store.Predictions.AppendAsync([
            new PredictionLogEntry("churn", 1, Cutoff.AddSeconds(-1), """{"tenure":5}""", """{"label":"Yes"}""") { Id = keyed, Key = "5575-GNVDE" },
            new PredictionLogEntry("churn", 1, Cutoff.AddSeconds(-1), """{"tenure":6}""", """{"label":"Yes"}""") { Id = unkeyed },
        ]);

        Assert.Equal([new KeyedPrediction("5575-GNVDE", keyed, 1), new KeyedPrediction("7590-VHVEG", "id-1", 1), new KeyedPrediction("7590-VHVEG", "id-3", 2)],
            await store.Predictions.FindByKeysAsync("churn", ["7590-VHVEG", "5575-GNVDE"], Cutoff));
        Assert.Equal(new HashSet<string> { "id-2", keyed, unkeyed }, await store.Predictions.FindIdsAsync("churn", ["id-2", keyed, unkeyed, "id-5"]));
        Assert.Equal(6, (await store.Predictions.ReadAsync("churn")).Count);
    }
}
