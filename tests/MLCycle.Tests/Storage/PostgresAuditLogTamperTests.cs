using System.Data.Common;
using MLCycle.Storage;
using Npgsql;

namespace MLCycle.Tests.Storage;

/// <summary>The audit log's database guard against a real PostgreSQL (<c>.ci/postgres.sh</c>), in a fresh schema.</summary>
[Trait("Requires", "postgres")]
public sealed class PostgresAuditLogTamperTests : AuditLogTamperContract
{
    private readonly PostgresTestStore postgres = new();

    protected override Task<MLCycleStore> OpenStoreAsync() => postgres.OpenAsync();

    protected override void DeleteStore() => postgres.Dispose();

    protected override async Task<DbConnection> OpenRawAsync()
    {
        var connection = new NpgsqlConnection(PostgresTestStore.ConnectionString() + $";Search Path={postgres.Schema}");
        await connection.OpenAsync();
        return connection;
    }

    protected override Task<IReadOnlyList<string>> MigrateAgainAsync() => MLCycleStore.MigrateAsync(postgres.Address);

    [Fact]
    public async Task RawTruncate_of_the_audit_log_fails()
    {
        await using var connection = await OpenRawAsync();
        await using var command = new NpgsqlCommand("TRUNCATE audit_log", (NpgsqlConnection)connection);

        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Contains("append-only: TRUNCATE", error.MessageText, StringComparison.Ordinal);
    }
}
