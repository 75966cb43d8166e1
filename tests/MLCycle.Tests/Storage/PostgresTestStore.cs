using MLCycle.Storage;
using Npgsql;

namespace MLCycle.Tests.Storage;

/// <summary>A fresh schema in the real PostgreSQL started by <c>.ci/postgres.sh</c>, so each test sees only its own rows,
/// with a temp artifact folder beside it; both are removed on dispose.</summary>
public sealed class PostgresTestStore : IDisposable
{
    private readonly TempDirectory artifacts = new();

    public PostgresTestStore()
    {
        var server = new NpgsqlConnectionStringBuilder(ConnectionString());
        Schema = "t_" + Guid.NewGuid().ToString("N")[..16];
        Address = $"postgresql://{server.Username}@{server.Host}:{server.Port}/{server.Database}?schema={Schema}";
    }

    /// <summary>The test server's connection string; fails, saying how to start it, when the variable is not set.</summary>
    public static string ConnectionString() =>
        Environment.GetEnvironmentVariable("MLCYCLE_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "MLCYCLE_TEST_POSTGRES is not set: run `. .ci/postgres.sh` to start a throwaway PostgreSQL, or exclude these tests with --filter \"Requires!=postgres\".");

    /// <summary>The store address: postgresql://user@host:port/db?schema=t_….</summary>
    public string Address { get; }

    public string Schema { get; }

    public string ArtifactsDirectory => artifacts.Path;

    public StoreOptions Options => new() { Address = Address, ArtifactsDirectory = ArtifactsDirectory };

    public Task<MLCycleStore> OpenAsync() => MLCycleStore.OpenAsync(Options);

    public void Dispose()
    {
        using (var connection = new NpgsqlConnection(ConnectionString()))
        {
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE", connection);
            drop.ExecuteNonQuery();
        }
        artifacts.Dispose();
    }
}
