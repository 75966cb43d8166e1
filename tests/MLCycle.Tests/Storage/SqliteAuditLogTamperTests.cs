using System.Data.Common;
using Microsoft.Data.Sqlite;
using MLCycle.Storage;

namespace MLCycle.Tests.Storage;

/// <summary>The audit log's database guard against a real SQLite file.</summary>
public sealed class SqliteAuditLogTamperTests : AuditLogTamperContract
{
    private readonly TempDirectory temp = new();

    protected override Task<MLCycleStore> OpenStoreAsync() => MLCycleStore.OpenAsync(temp.Path);

    protected override void DeleteStore() => temp.Dispose();

    protected override async Task<DbConnection> OpenRawAsync()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(temp.Path, MLCycleStore.DatabaseFileName)};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }

    protected override Task<IReadOnlyList<string>> MigrateAgainAsync() => MLCycleStore.MigrateAsync(temp.Path);
}
