using MLCycle.Data;
using Npgsql;

namespace MLCycle.Tests.Data;

/// <summary>Reads from a real PostgreSQL started by <c>.ci/postgres.sh</c>; without it these tests fail and say so.</summary>
[Trait("Requires", "postgres")]
public sealed class PostgresSourceTests
{
    private readonly TableReader _reader = new();

    private static string ConnectionString() =>
        Environment.GetEnvironmentVariable("MLCYCLE_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "MLCYCLE_TEST_POSTGRES is not set: run `. .ci/postgres.sh` (or `eval \"$(.ci/postgres.sh)\"`) to start a throwaway " +
                "PostgreSQL, or exclude these tests with --filter \"Requires!=postgres\".");

    /// <summary>A fresh table with three rows, under a unique name so parallel runs do not collide.</summary>
    private static string CreateTable()
    {
        var name = "orders_" + Guid.NewGuid().ToString("N")[..12];
        using var connection = new NpgsqlConnection(ConnectionString());
        connection.Open();
        using var command = new NpgsqlCommand($"""
            CREATE TABLE {name} (id integer, amount numeric(8,2), customer text, paid boolean, placed date);
            INSERT INTO {name} VALUES (1, 9.50, 'ann', true, '2024-01-02'), (2, NULL, 'bob', false, NULL), (3, 3, 'ann', true, '2024-03-04');
            """, connection);
        command.ExecuteNonQuery();
        return name;
    }

    [Fact]
    public async Task ReadAsync_postgres_table_reads_every_row_with_types()
    {
        var name = CreateTable();

        var table = await _reader.ReadAsync("postgres:" + ConnectionString(), new TableReadOptions { Table = name });

        Assert.Equal([1.0, 2.0, 3.0], table["id"].Numbers!);
        Assert.Equal(9.5, table["amount"].Numbers![0]);
        Assert.True(table["amount"].IsMissing(1));
        Assert.Equal(ColumnKind.Boolean, table["paid"].Kind);
        Assert.Equal([1.0, 0.0, 1.0], table["paid"].Numbers!);
        Assert.Equal(ColumnKind.DateTime, table["placed"].Kind);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), table["placed"].Numbers![0]);
        Assert.Equal(["ann", "bob", "ann"], table["customer"].Strings!.AsEnumerable());
    }

    [Fact]
    public async Task ReadAsync_postgres_query_reads_its_result()
    {
        var name = CreateTable();
        var options = new TableReadOptions { Query = $"SELECT customer, count(*) AS n FROM {name} GROUP BY customer ORDER BY customer" };

        var table = await _reader.ReadAsync("postgres:" + ConnectionString(), options);

        Assert.Equal(["ann", "bob"], table["customer"].Strings!.AsEnumerable());
        Assert.Equal([2.0, 1.0], table["n"].Numbers!);
    }

    [Fact]
    public async Task ReadAsync_postgres_uri_form_reads_the_same_database()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString());
        var uri = $"postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}";

        var table = await _reader.ReadAsync(uri, new TableReadOptions { Query = "SELECT 41 + 1 AS answer" });

        Assert.Equal([42.0], table["answer"].Numbers!);
    }

    [Fact]
    public async Task ReadAsync_failing_postgres_query_names_the_database_and_its_message()
    {
        var error = await Assert.ThrowsAsync<MLCycleException>(() =>
            _reader.ReadAsync("postgres:" + ConnectionString(), new TableReadOptions { Query = "SELECT * FROM no_such_table_here" }));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains("postgresql://", error.Message);
        Assert.Contains("no_such_table_here", error.Message);
        Assert.Contains("does not exist", error.Message);
    }
}
