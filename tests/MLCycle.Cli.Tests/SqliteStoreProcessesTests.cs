namespace MLCycle.Cli.Tests;

/// <summary>Two `mlcycle` processes on one SQLite store directory at once.</summary>
public sealed class SqliteStoreProcessesTests : IDisposable
{
    private readonly string store = Directory.CreateTempSubdirectory("mlcycle-sqlite-processes-").FullName;

    public void Dispose() => Directory.Delete(store, recursive: true);

    [Fact]
    public Task Processes_atOnce_shareTheSqliteStoreSafely() => SharedStoreProcesses.CheckAsync(["--store", store], runs: 2, moves: 4);
}
