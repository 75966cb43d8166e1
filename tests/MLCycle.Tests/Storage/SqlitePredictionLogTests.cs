using MLCycle.Monitoring;
using MLCycle.Storage;

namespace MLCycle.Tests.Storage;

/// <summary>The prediction log contract against a real SQLite file.</summary>
public sealed class SqlitePredictionLogTests : PredictionLogContract
{
    private readonly TempDirectory temp = new();

    protected override Task<MLCycleStore> OpenStoreAsync() => MLCycleStore.OpenAsync(temp.Path);

    protected override void DeleteStore() => temp.Dispose();

    protected override async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(temp.Path, MLCycleStore.DatabaseFileName)};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task AppendAsync_textWithNul_comesBackWhole()
    {
        var entry = new PredictionLogEntry("churn", 1, DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000), "{\"note\":\"a\u0000b\"}", "{}") { Key = "k\u0000" };

        await Store.Predictions.AppendAsync([entry]);

        Assert.Equal(entry, Assert.Single(await Store.Predictions.ReadAsync("churn")));
    }
}
