using Npgsql;

namespace MLCycle.Cli.Tests;

/// <summary>A fresh schema in the real PostgreSQL started by <c>.ci/postgres.sh</c> and a temp artifact folder, both removed on dispose.</summary>
public sealed class PostgresSchema : IDisposable
{
    private readonly string schema = "cli_" + Guid.NewGuid().ToString("N")[..16];

    public PostgresSchema()
    {
        var server = new NpgsqlConnectionStringBuilder(ConnectionString());
        Address = $"postgresql://{server.Username}@{server.Host}:{server.Port}/{server.Database}?schema={schema}";
    }

    /// <summary>postgresql://user@host:port/db?schema=cli_….</summary>
    public string Address { get; }

    public string Artifacts { get; } = Directory.CreateTempSubdirectory("mlcycle-pg-artifacts-").FullName;

    /// <summary>The --store and --artifacts arguments that name this store.</summary>
    public string[] StoreArgs => ["--store", Address, "--artifacts", Artifacts];

    private static string ConnectionString() =>
        Environment.GetEnvironmentVariable("MLCYCLE_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "MLCYCLE_TEST_POSTGRES is not set: run `. .ci/postgres.sh` to start a throwaway PostgreSQL, or exclude these tests with --filter \"Requires!=postgres\".");

    public void Dispose()
    {
        using (var connection = new NpgsqlConnection(ConnectionString()))
        {
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
            drop.ExecuteNonQuery();
        }
        Directory.Delete(Artifacts, recursive: true);
    }
}
