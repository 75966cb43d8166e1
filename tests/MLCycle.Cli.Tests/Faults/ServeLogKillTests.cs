using MLCycle.Storage;
using Xunit.Abstractions;

namespace MLCycle.Cli.Tests.Faults;

/// <summary>The attack on a server logging to a SQLite store in a folder of its own.</summary>
public sealed class ServeLogKillTests(ITestOutputHelper output) : ServeLogKillContract(output)
{
    private string Store => Path.Combine(Folder, "store");

    protected override string[] StoreArgs => ["--store", Store];

    protected override Task<MLCycleStore> OpenStoreAsync() => MLCycleStore.OpenAsync(Store);

    protected override string IntegrityCheck()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(Store, "mlcycle.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }
}
