using Microsoft.Data.Sqlite;
using MLCycle.Registry;
using MLCycle.Storage;
using MLCycle.Tracking;

namespace MLCycle.Cli.Tests.Faults;

/// <summary>What must hold in a store after any crash, once it has been opened again: a sound database, every registered version
/// whole (package matching its registered hash, report), aliases on such versions, no run left Running, no staging folder of a dead run,
/// no files of a killed run and no package folder that no version names.</summary>
public static class StoreInvariants
{
    public static Task<IReadOnlyList<string>> ViolationsAsync(string storeDirectory, int deadProcessId) =>
        ViolationsAsync(new StoreOptions { Address = storeDirectory }, deadProcessId);

    /// <summary>The same on any store (SQLite or PostgreSQL); the SQLite file is also checked with PRAGMA integrity_check.</summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync(StoreOptions options, int deadProcessId)
    {
        var violations = new List<string>();
        await using (var store = await MLCycleStore.OpenAsync(options))
        {
            var registeredRuns = await CheckRegistryAsync(store, violations);
            var runs = await store.Tracking.SearchRunsAsync(maxResults: 10_000);
            foreach (var run in runs.Items.Where(r => r.Status == RunStatus.Running)) violations.Add($"run {run.RunId} is still Running");
            foreach (var run in runs.Items.Where(r => r.Status == RunStatus.Killed && r.Error != Run.KilledError))
                violations.Add($"killed run {run.RunId} says '{run.Error}'");
            foreach (var run in runs.Items.Where(r => r.Status == RunStatus.Killed && Directory.Exists(Path.Combine(store.Artifacts.Root, r.RunId))))
                violations.Add($"killed run {run.RunId} left its folder in the artifact store");
            // A package folder of a version that was never registered: what a kill between copying it and registering it leaves.
            foreach (var package in Directory.EnumerateDirectories(store.Artifacts.Root, "model", SearchOption.AllDirectories))
                if (!registeredRuns.Contains(Path.GetFileName(Path.GetDirectoryName(package))!)) violations.Add($"package folder {package} belongs to no version");
        }
        if (Directory.EnumerateDirectories(Path.GetTempPath(), $"mlcycle-run-{deadProcessId}-*").Any())
            violations.Add($"a staging folder of dead process {deadProcessId} is left in {Path.GetTempPath()}");
        if (StoreAddress.Parse(options.Address).Folder is { } folder)
        {
            var integrity = IntegrityCheck(Path.Combine(folder, MLCycleStore.DatabaseFileName));
            if (integrity != "ok") violations.Add($"PRAGMA integrity_check says '{integrity}'");
        }
        return violations;
    }

    /// <summary>Checks every version and alias, and returns the runs that registered a version.</summary>
    private static async Task<HashSet<string>> CheckRegistryAsync(MLCycleStore store, List<string> violations)
    {
        var registeredRuns = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in await store.Registry.ListModelsAsync())
        {
            var whole = new HashSet<int>();
            foreach (var version in await store.Registry.ListVersionsAsync(model.Name))
            {
                registeredRuns.Add(version.RunId);
                var problem = await ProblemAsync(store, version);
                if (problem is null) whole.Add(version.Version);
                else violations.Add($"{model.Name} v{version.Version}: {problem}");
            }
            foreach (var (alias, version) in model.Aliases)
                if (!whole.Contains(version)) violations.Add($"{model.Name}@{alias} points at v{version}, which is not whole");
        }
        return registeredRuns;
    }

    private static async Task<string?> ProblemAsync(MLCycleStore store, ModelVersion version)
    {
        if (await PackageProblemAsync(store, version) is { } problem) return problem;
        if (!File.Exists(store.Artifacts.Resolve(version.RunId, "report.html"))) return "no report";
        var run = await store.Tracking.GetRunAsync(version.RunId);
        return run.Status == RunStatus.Finished ? null : $"its run is {run.Status}";
    }

    /// <summary>What is wrong with a registered version's package (incomplete, unhashed, or not what its hash says); null when whole.</summary>
    internal static async Task<string?> PackageProblemAsync(MLCycleStore store, ModelVersion version)
    {
        var package = store.Artifacts.Resolve(version.PackagePath);
        if (!File.Exists(Path.Combine(package, ModelPackage.ModelFile)) || !File.Exists(Path.Combine(package, ModelPackage.ManifestFile)))
            return "package is incomplete";
        if (version.PackageSha256 is null) return "no package hash registered";
        return await ModelPackage.HashPackageAsync(package) != version.PackageSha256 ? "package does not match its registered hash" : null;
    }

    private static string IntegrityCheck(string database)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }
}
