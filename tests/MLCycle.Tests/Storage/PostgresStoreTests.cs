using System.Net;
using System.Net.Sockets;
using MLCycle.Storage;
using MLCycle.Tracking;
using Npgsql;

namespace MLCycle.Tests.Storage;

/// <summary>Opening a PostgreSQL store: migrations, refusals and clear errors, against the server of <c>.ci/postgres.sh</c>.</summary>
[Trait("Requires", "postgres")]
public sealed class PostgresStoreTests : IDisposable
{
    private readonly PostgresTestStore postgres = new();

    public void Dispose() => postgres.Dispose();

    [Fact]
    public async Task OpenAsync_newSchema_appliesEveryMigrationOnceAndReportsThem()
    {
        await using (var store = await postgres.OpenAsync())
        {
            Assert.Equal(SchemaMigrations.All.Select(m => $"{m.Number:0000} {m.Name}"), store.MigrationsApplied);
            Assert.Equal(Path.GetFullPath(postgres.ArtifactsDirectory), store.Artifacts.Root);
        }
        await using (var again = await postgres.OpenAsync())
        {
            Assert.Empty(again.MigrationsApplied);
        }

        Assert.Equal(SchemaMigrations.All.Select(m => m.Number), await QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version"));
    }

    [Fact]
    public async Task OpenAsync_concurrentFirstOpens_migrateOnceWithoutErrors()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(postgres.OpenAsync)));

        Assert.Equal(SchemaMigrations.All.Count, stores.Sum(s => s.MigrationsApplied.Count));
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task OpenAsync_schemaFromNewerVersion_isRefusedWithClearMessage()
    {
        await using (await postgres.OpenAsync())
        {
        }
        await QueryAsync<int>("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0) RETURNING version");

        var error = await Assert.ThrowsAsync<MLCycleException>(postgres.OpenAsync);

        Assert.Equal(ErrorKind.Unavailable, error.Kind);
        Assert.Contains("999", error.Message);
    }

    [Fact]
    public async Task OpenAsync_noArtifactFolder_isBadSpecAskingForArtifacts()
    {
        var error = await Assert.ThrowsAsync<MLCycleException>(() => MLCycleStore.OpenAsync(new StoreOptions { Address = postgres.Address }));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains("--artifacts", error.Message);
    }

    [Fact]
    public async Task OpenAsync_nothingListening_isUnavailableNamingHostAndPortWithoutPassword()
    {
        var port = FreePort();

        var error = await Assert.ThrowsAsync<MLCycleException>(() => MLCycleStore.OpenAsync(
            new StoreOptions { Address = $"postgresql://ann:s3cret@127.0.0.1:{port}/db", ArtifactsDirectory = postgres.ArtifactsDirectory }));

        Assert.Equal(ErrorKind.Unavailable, error.Kind);
        Assert.Contains($"127.0.0.1:{port}", error.Message);
        Assert.DoesNotContain("s3cret", error.Message);
    }

    [Fact]
    public async Task OpenAsync_unknownDatabase_isUnavailableNamingIt()
    {
        var server = new NpgsqlConnectionStringBuilder(PostgresTestStore.ConnectionString());
        var address = $"postgresql://{server.Username}@{server.Host}:{server.Port}/no_such_db_{Guid.NewGuid():N}";

        var error = await Assert.ThrowsAsync<MLCycleException>(() => MLCycleStore.OpenAsync(
            new StoreOptions { Address = address, ArtifactsDirectory = postgres.ArtifactsDirectory }));

        Assert.Equal(ErrorKind.Unavailable, error.Kind);
        Assert.Contains("no_such_db_", error.Message);
        Assert.Contains("3D000", error.Message);
    }

    [Fact]
    public async Task Writes_textWithANul_areBadDataNamingTheCharacterAndLeaveNothingHalfWritten()
    {
        await using var store = await postgres.OpenAsync();
        var run = await store.Tracking.CreateRunAsync("exp", "run");

        // PostgreSQL's text holds no U+0000 where SQLite's would: a value with one is the caller's bad data, never a store failure.
        var param = await Assert.ThrowsAsync<MLCycleException>(() => store.Tracking.LogParamAsync(run.RunId, "p", "a\0b"));
        var batch = await Assert.ThrowsAsync<MLCycleException>(() => store.Tracking.LogBatchAsync(run.RunId,
            [new Metric("m", 1, 0, DateTimeOffset.UtcNow)], [new Param("q", "ok"), new Param("r", "x\0")]));

        Assert.All(new[] { param, batch }, e => Assert.Equal(ErrorKind.BadData, e.Kind));
        Assert.Contains("U+0000", batch.Message);
        var stored = await store.Tracking.GetRunAsync(run.RunId);
        Assert.Empty(stored.Params);
        Assert.Empty(stored.Metrics);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<List<T>> QueryAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresTestStore.ConnectionString() + $";Search Path={postgres.Schema}");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetFieldValue<T>(0));
        }
        return rows;
    }
}
