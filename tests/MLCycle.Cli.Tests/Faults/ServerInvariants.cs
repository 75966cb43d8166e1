using MLCycle.Registry;
using MLCycle.Storage;
using MLCycle.Tracking;

namespace MLCycle.Cli.Tests.Faults;

/// <summary>What must hold on a server's store after a `run --server` client was killed at any moment: every registered version whole
/// (its uploaded package matching the hash its registry row keeps, its run Finished), every alias on such a version, every approval
/// request on an existing version; and once another run has gone by, no run or trial of a dead client left Running.</summary>
public static class ServerInvariants
{
    /// <summary>The registry's invariants; they hold at every moment, also right after the kill.</summary>
    public static async Task<IReadOnlyList<string>> RegistryViolationsAsync(MLCycleStore store)
    {
        var violations = new List<string>();
        foreach (var model in await store.Registry.ListModelsAsync())
        {
            var whole = new HashSet<int>();
            var versions = await store.Registry.ListVersionsAsync(model.Name);
            foreach (var version in versions)
            {
                var problem = await ProblemAsync(store, version);
                if (problem is null) whole.Add(version.Version);
                else violations.Add($"{model.Name} v{version.Version}: {problem}");
            }
            foreach (var (alias, version) in model.Aliases)
                if (!whole.Contains(version)) violations.Add($"{model.Name}@{alias} points at v{version}, which is not whole");
            var requests = await store.Promotions.ListRequestsAsync(model.Name, maxResults: 1000);
            foreach (var request in requests.Items.Where(r => versions.All(v => v.Version != r.Version)))
                violations.Add($"approval request #{request.Id} names {model.Name} v{request.Version}, which is not registered");
        }
        return violations;
    }

    /// <summary>The runs of <paramref name="experiment"/> and their trials still Running, with what each is.</summary>
    public static async Task<IReadOnlyList<string>> RunningAsync(MLCycleStore store, string experiment)
    {
        var running = new List<string>();
        foreach (var run in (await store.Tracking.SearchRunsAsync(experiment, maxResults: 10_000)).Items)
        {
            if (run.Status == RunStatus.Running) running.Add($"run {run.RunId} is still Running");
            foreach (var child in (await store.Tracking.GetChildRunsAsync(run.RunId)).Where(c => c.Status == RunStatus.Running))
                running.Add($"trial {child.RunId} of run {run.RunId} ({run.Status}) is still Running");
        }
        return running;
    }

    private static async Task<string?> ProblemAsync(MLCycleStore store, ModelVersion version)
    {
        if (await StoreInvariants.PackageProblemAsync(store, version) is { } problem) return problem;
        var run = await store.Tracking.GetRunAsync(version.RunId);
        return run.Status == RunStatus.Finished ? null : $"its run is {run.Status}";
    }
}
