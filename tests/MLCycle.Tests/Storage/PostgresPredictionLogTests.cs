using MLCycle.Monitoring;
using MLCycle.Storage;

namespace MLCycle.Tests.Storage;

/// <summary>The prediction log contract against a real PostgreSQL (<c>.ci/postgres.sh</c>), each test in a fresh schema.</summary>
[Trait("Requires", "postgres")]
public sealed class PostgresPredictionLogTests : PredictionLogContract
{
    private readonly PostgresTestStore postgres = new();

    protected override Task<MLCycleStore> OpenStoreAsync() => postgres.OpenAsync();

    protected override void DeleteStore() => postgres.Dispose();

    protected override async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(StoreAddress.Parse(postgres.Address).Postgres!.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"SET search_path TO \"{postgres.Schema}\"; {sql}", connection);
        return await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task PacksTable_blobs_areStoredOutOfLineWithoutCompression()
    {
        // 'e' (EXTERNAL): out of line, never compressed; PostgreSQL's default for bytea, 'x', compresses every pack (ADR 0078).
        var storage = await ScalarAsync("""
            SELECT string_agg(attname || '=' || attstorage::text, ',' ORDER BY attname) FROM pg_attribute
            WHERE attrelid = 'prediction_log_packs'::regclass AND attname IN ('ids', 'entries')
            """);

        Assert.Equal("entries=e,ids=e", storage);
    }

    [Fact]
    public async Task AppendAsync_textWithNul_isBadDataAndWritesNothing()
    {
        var entry = new PredictionLogEntry("churn", 1, DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000), "{\"note\":\"a\u0000b\"}", "{}");

        var ex = await Assert.ThrowsAsync<MLCycleException>(() => Store.Predictions.AppendAsync([entry with { InputsJson = "{}" }, entry]));

        Assert.Equal(ErrorKind.BadData, ex.Kind);
        Assert.Empty(await Store.Predictions.ReadAsync("churn"));
    }
}
