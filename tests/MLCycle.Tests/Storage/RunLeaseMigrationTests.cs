using MLCycle.Storage;
using MLCycle.Tracking;
using Npgsql;

namespace MLCycle.Tests.Storage;

/// <summary>Migration 16 (run leases) on a store of schema 15 with runs in it: the runs read back without a lease, no sweep ends them
/// however late it runs, and they are logged to and ended as before. On SQLite and on PostgreSQL.</summary>
public sealed class RunLeaseMigrationTests
{
    private const string Running = "0000000000000000000000000000000a";
    private const string Finished = "0000000000000000000000000000000b";

    [Fact]
    public async Task Migration16_sqliteRunsOfSchema15_keepWorkingWithoutALease()
    {
        using var temp = new TempDirectory();
        var database = new StoreDatabase(SqliteDialect.CreateDataSource(Path.Combine(temp.Path, MLCycleStore.DatabaseFileName)), SqliteDialect.Instance);
        await using (database)
        {
            await MigrationRunner.MigrateAsync(database, [.. SchemaMigrations.All.Where(m => m.Number < 16)], CancellationToken.None);
            await database.ReadAsync(async c =>
            {
                await using var insert = c.CreateCommand();
                insert.CommandText = Schema15Runs("");
                return await insert.ExecuteNonQueryAsync();
            }, CancellationToken.None);
        }

        await using var store = await MLCycleStore.OpenAsync(temp.Path);
        await AssertRunsKeepWorkingAsync(store);
    }

    [Fact]
    [Trait("Requires", "postgres")]
    public async Task Migration16_postgresRunsOfSchema15_keepWorkingWithoutALease()
    {
        using var postgres = new PostgresTestStore();
        var address = StoreAddress.Parse(postgres.Address);
        await using (var database = new StoreDatabase(NpgsqlDataSource.Create(address.Postgres!.ConnectionString), new PostgresDialect(address.Schema)))
        {
            await MigrationRunner.MigrateAsync(database, [.. SchemaMigrations.All.Where(m => m.Number < 16)], CancellationToken.None);
        }
        await using (var connection = new NpgsqlConnection(PostgresTestStore.ConnectionString()))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand(Schema15Runs(postgres.Schema + "."), connection);
            await insert.ExecuteNonQueryAsync();
        }

        await using var store = await postgres.OpenAsync();
        await AssertRunsKeepWorkingAsync(store);
    }

    // As schema 15 wrote runs: one still Running (a client's run, no owner), one Finished.
    private static string Schema15Runs(string prefix) => $"""
        INSERT INTO {prefix}experiments (name, created_at) VALUES ('churn', 0);
        INSERT INTO {prefix}runs (run_id, experiment_id, name, status, start_time, end_time) VALUES
            ('{Running}', 1, 'old client run', 'Running', 1000, NULL), ('{Finished}', 1, 'old finished run', 'Finished', 1000, 2000);
        """;

    private static async Task AssertRunsKeepWorkingAsync(MLCycleStore store)
    {
        var running = await store.Tracking.GetRunAsync(Running);
        Assert.Equal((RunStatus.Running, null, null, false), (running.Status, running.LastHeartbeat, running.LeaseExpires, running.LeaseLapsed));
        Assert.Equal(RunStatus.Finished, (await store.Tracking.GetRunAsync(Finished)).Status);

        Assert.Empty(await store.Tracking.EndLapsedRunsAsync(DateTimeOffset.UtcNow.AddYears(1), "server:test"));
        await store.Tracking.LogBatchAsync(Running, metrics: [new Metric("auc", 0.8, 0, DateTimeOffset.UtcNow)]);
        Assert.True(await store.Tracking.EndRunningRunAsync(Running, RunStatus.Finished));

        var ended = await store.Tracking.GetRunAsync(Running);
        Assert.Equal((RunStatus.Finished, 0.8), (ended.Status, ended.Metrics["auc"].Value));
        // A new client run on the migrated store holds a lease.
        Assert.NotNull((await store.Tracking.CreateClientRunAsync("churn", null, null, TimeSpan.FromMinutes(1))).LeaseExpires);
    }
}
