using Microsoft.Data.Sqlite;
using MLCycle.Storage;
using MLCycle.Tracking;

namespace MLCycle.Tests.Storage;

public sealed class MLCycleStoreTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task OpenAsync_newDirectory_createsDatabaseAndArtifactFolder()
    {
        var directory = Path.Combine(temp.Path, "new", "store");

        await using (var store = await MLCycleStore.OpenAsync(directory))
        {
            Assert.Equal(Path.GetFullPath(directory), store.Directory);
            Assert.Equal(Path.Combine(store.Directory, "artifacts"), store.Artifacts.Root);
        }

        Assert.True(File.Exists(Path.Combine(directory, "mlcycle.db")));
        Assert.True(Directory.Exists(Path.Combine(directory, "artifacts")));
    }

    [Fact]
    public async Task OpenAsync_runWhoseProcessIsGone_endsItAsKilledAndKeepsLiveRunsRunning()
    {
        string dead, live;
        await using (var store = await MLCycleStore.OpenAsync(temp.Path))
        {
            dead = (await store.Tracking.CreateRunAsync("exp")).RunId;
            live = (await store.Tracking.CreateRunAsync("exp")).RunId;
        }
        var gone = await ExitedProcessIdAsync();
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(temp.Path, "mlcycle.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE runs SET owner_pid = {gone} WHERE run_id = '{dead}'";
            await command.ExecuteNonQueryAsync();
        }

        await using (var store = await MLCycleStore.OpenAsync(temp.Path))
        {
            var killed = await store.Tracking.GetRunAsync(dead);
            Assert.Equal((RunStatus.Killed, "interrupted: the process ended before the run finished"), (killed.Status, killed.Error));
            Assert.NotNull(killed.EndTime);
            Assert.Equal(RunStatus.Running, (await store.Tracking.GetRunAsync(live)).Status);
        }
    }

    [Fact]
    public async Task OpenAsync_clientRunWhenTheProcessThatCreatedItIsGone_staysRunning()
    {
        string client, owned;
        await using (var store = await MLCycleStore.OpenAsync(temp.Path))
        {
            client = (await store.Tracking.CreateClientRunAsync("exp", "from-a-notebook")).RunId;
            owned = (await store.Tracking.CreateRunAsync("exp")).RunId;
        }
        // The server that created both has died: every owner it recorded now names a process that is gone.
        var gone = await ExitedProcessIdAsync();
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(temp.Path, "mlcycle.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE runs SET owner_pid = {gone} WHERE owner_pid IS NOT NULL";
            await command.ExecuteNonQueryAsync();
        }

        await using (var store = await MLCycleStore.OpenAsync(temp.Path))
        {
            Assert.Equal(RunStatus.Running, (await store.Tracking.GetRunAsync(client)).Status);
            Assert.Equal(RunStatus.Killed, (await store.Tracking.GetRunAsync(owned)).Status);
        }
    }

    [Fact]
    public async Task OpenAsync_runKilledAfterCopyingItsPackage_removesThePackageNoVersionNamesAndKeepsLiveRunsFiles()
    {
        var source = Directory.CreateDirectory(Path.Combine(temp.Path, "package")).FullName;
        await File.WriteAllTextAsync(Path.Combine(source, "model.zip"), "not a real model; only its place matters here");
        string dead, live;
        await using (var store = await MLCycleStore.OpenAsync(temp.Path))
        {
            dead = (await store.Tracking.CreateRunAsync("exp")).RunId;
            live = (await store.Tracking.CreateRunAsync("exp")).RunId;
            // What a kill between copying the package into the store and registering the version leaves.
            await store.Artifacts.PutDirectoryAsync(dead, "model", source);
            await store.Artifacts.PutDirectoryAsync(live, "model", source);
        }
        await SetOwnerPidAsync(dead, await ExitedProcessIdAsync());

        await using (var store = await MLCycleStore.OpenAsync(temp.Path))
        {
            Assert.Equal(RunStatus.Killed, (await store.Tracking.GetRunAsync(dead)).Status);
            Assert.False(Directory.Exists(Path.Combine(store.Artifacts.Root, dead)));
            Assert.Equal(["model/model.zip"], store.Artifacts.List(live).Select(a => a.Path));
        }
    }

    private async Task SetOwnerPidAsync(string runId, int pid)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(temp.Path, "mlcycle.db")};Pooling=False");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE runs SET owner_pid = {pid} WHERE run_id = '{runId}'";
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task OpenAsync_stagingFolderOfAGoneProcess_isRemovedAndOursIsKept()
    {
        var gone = await ExitedProcessIdAsync();
        var abandoned = Directory.CreateTempSubdirectory($"mlcycle-run-{gone}-{RunOwner.Current.StartedAt}-").FullName;
        using var ours = new StagingFolder();
        await File.WriteAllTextAsync(ours.PathOf("report.html"), "x");

        await using (await MLCycleStore.OpenAsync(temp.Path))
        {
        }

        Assert.False(Directory.Exists(abandoned));
        Assert.True(File.Exists(ours.PathOf("report.html")));
    }

    // A process that ran and was reaped: its id belongs to no live process with its start time.
    private static async Task<int> ExitedProcessIdAsync()
    {
        using var process = System.Diagnostics.Process.Start("true");
        await process.WaitForExitAsync();
        return process.Id;
    }

    [Fact]
    public async Task OpenAsync_reopened_keepsDataAndAppliesEachMigrationOnce()
    {
        string runId;
        await using (var store = await MLCycleStore.OpenAsync(temp.Path))
        {
            runId = (await store.Tracking.CreateRunAsync("exp")).RunId;
        }
        await using (var store = await MLCycleStore.OpenAsync(temp.Path))
        {
            Assert.Equal("exp", (await store.Tracking.GetRunAsync(runId)).ExperimentName);
        }

        var applied = await QueryAsync("SELECT version FROM schema_migrations ORDER BY version");
        Assert.Equal(SchemaMigrations.All.Select(m => (long)m.Number), applied.Cast<long>());
    }

    [Fact]
    public async Task OpenAsync_database_isInWalMode()
    {
        await using (await MLCycleStore.OpenAsync(temp.Path))
        {
        }

        Assert.Equal(["wal"], await QueryAsync("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task OpenAsync_schemaFromNewerVersion_isRefusedWithClearMessage()
    {
        await using (await MLCycleStore.OpenAsync(temp.Path))
        {
        }
        await QueryAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => MLCycleStore.OpenAsync(temp.Path));

        Assert.Contains("999", error.Message);
    }

    [Fact]
    public async Task OpenAsync_twoStoresOnOneDirectory_seeEachOthersWrites()
    {
        await using var first = await MLCycleStore.OpenAsync(temp.Path);
        await using var second = await MLCycleStore.OpenAsync(temp.Path);

        var run = await first.Tracking.CreateRunAsync("shared");
        await second.Tracking.LogMetricAsync(run.RunId, "auc", 0.9);

        Assert.Equal(0.9, (await first.Tracking.GetRunAsync(run.RunId)).Metrics["auc"].Value);
    }

    private async Task<List<object>> QueryAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(temp.Path, "mlcycle.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<object>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetValue(0));
        }
        return values;
    }
}
