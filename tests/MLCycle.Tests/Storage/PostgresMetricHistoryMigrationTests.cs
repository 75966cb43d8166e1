using MLCycle.Storage;
using MLCycle.Tracking;
using Npgsql;

namespace MLCycle.Tests.Storage;

/// <summary>Migration 15 moves PostgreSQL's metric history from a row per value into arrays per batch: history logged before it
/// reads back the same, in the same order, and a batch logged after it sorts after the values it ties with.</summary>
[Trait("Requires", "postgres")]
public sealed class PostgresMetricHistoryMigrationTests : IDisposable
{
    private const string R1 = "0000000000000000000000000000000a";
    private const string R2 = "0000000000000000000000000000000b";
    private readonly PostgresTestStore postgres = new();

    [Fact]
    public async Task Migration15_historyOfSchema14_readsBackEveryValueInOrder()
    {
        var address = StoreAddress.Parse(postgres.Address);
        await using (var database = new StoreDatabase(NpgsqlDataSource.Create(address.Postgres!.ConnectionString), new PostgresDialect(address.Schema)))
        {
            await MigrationRunner.MigrateAsync(database, [.. SchemaMigrations.All.Where(m => m.Number < 15)], CancellationToken.None);
        }
        // As schema 14's log-batch wrote them: rows in metric_id order, NaN as 0 with its flag; "loss" has two values at step 1 and
        // one timestamp, which only metric_id orders (0.3 was logged first).
        await ExecuteAsync($"""
            INSERT INTO {postgres.Schema}.experiments (name, created_at) VALUES ('churn', 0);
            INSERT INTO {postgres.Schema}.runs (run_id, experiment_id, name, status, start_time) VALUES ('{R1}', 1, '{R1}', 'Finished', 0), ('{R2}', 1, '{R2}', 'Finished', 0);
            INSERT INTO {postgres.Schema}.metrics (run_id, key, value, is_nan, step, logged_at) VALUES
                ('{R1}', 'loss', 0.5, 0, 2, 1000), ('{R1}', 'loss', 0.3, 0, 1, 1000), ('{R1}', 'auc', 0.7, 0, 0, 1000),
                ('{R1}', 'loss', 0, 1, 1, 1000), ('{R1}', 'loss', 'Infinity', 0, 0, 1000), ('{R2}', 'loss', 9, 0, 0, 1000);
            """);

        await using var store = await postgres.OpenAsync();
        var before = await store.Tracking.GetMetricHistoryAsync(R1, "loss");
        await store.Tracking.LogBatchAsync(R1, metrics: [new Metric("loss", 0.1, 1, DateTimeOffset.FromUnixTimeMilliseconds(1000))]);
        var after = await store.Tracking.GetMetricHistoryAsync(R1, "loss");

        Assert.Equal([double.PositiveInfinity, 0.3, double.NaN, 0.5], before.Select(m => m.Value));
        Assert.Equal([0L, 1, 1, 2], before.Select(m => m.Step));
        Assert.Equal([double.PositiveInfinity, 0.3, double.NaN, 0.1, 0.5], after.Select(m => m.Value));
        Assert.Equal([0.7], (await store.Tracking.GetMetricHistoryAsync(R1, "auc")).Select(m => m.Value));
        Assert.Equal([9.0], (await store.Tracking.GetMetricHistoryAsync(R2, "loss")).Select(m => m.Value));
        Assert.Equal(0L, await ScalarAsync($"SELECT COUNT(*) FROM pg_tables WHERE schemaname = '{postgres.Schema}' AND tablename = 'metrics'"));
    }

    public void Dispose() => postgres.Dispose();

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresTestStore.ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresTestStore.ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
