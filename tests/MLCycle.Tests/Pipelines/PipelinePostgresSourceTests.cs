using MLCycle.Pipelines;
using Npgsql;

namespace MLCycle.Tests.Pipelines;

/// <summary>A spec source that is a PostgreSQL query, against the real server <c>.ci/postgres.sh</c> starts.</summary>
[Trait("Requires", "postgres")]
public sealed class PipelinePostgresSourceTests : IDisposable
{
    private readonly SpecTempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string ConnectionString() =>
        Environment.GetEnvironmentVariable("MLCYCLE_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("MLCYCLE_TEST_POSTGRES is not set: run `. .ci/postgres.sh`, or exclude these tests with --filter \"Requires!=postgres\".");

    [Fact]
    public async Task CheckAsync_postgres_query_joins_onto_a_csv_and_is_named_by_its_address()
    {
        var table = "loans_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(ConnectionString()))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE TABLE {table} (id integer, amount numeric(8,2)); INSERT INTO {table} VALUES (2, 250), (1, 100.5);", connection);
            await command.ExecuteNonQueryAsync();
        }
        _folder.Write("people.csv", "id,sex,class\n1,F,good\n2,M,bad\n3,F,good\n");
        var yaml = $"name: credit\nsources:\n  - people.csv\n  - path: \"postgres:{ConnectionString()}\"\n    query: SELECT id, amount FROM {table}\ndata:\n  target: class\n  join_on: id\n";

        using var input = await PipelinePreflight.CheckAsync(SpecLoader.Load(_folder.Write("mlcycle.yaml", yaml)));

        Assert.Equal([100.5, 250], input.Table["amount"].Numbers![..2]);
        Assert.True(input.Table["amount"].IsMissing(2));
        Assert.StartsWith("the join on 'id' of '", input.Spec.DataName);
        Assert.Contains("'postgresql://", input.Spec.DataName);
    }
}
