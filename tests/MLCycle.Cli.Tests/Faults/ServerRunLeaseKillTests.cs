using MLCycle.Access;
using MLCycle.Server.Tests;
using MLCycle.Tracking;

namespace MLCycle.Cli.Tests.Faults;

/// <summary>`run --server` killed with SIGKILL while it publishes its trials, on a server with a short run lease (ADR 0055) and no
/// later run from that machine: the server itself ends the run and every trial it had published as Killed, for want of a heartbeat,
/// and the registry is whole. (ADR 0050's clean-up by the next run on the same host is <see cref="ServerRunKillTests"/>.)</summary>
public sealed class ServerRunLeaseKillTests : IDisposable
{
    // Beats every 2.7 s: long enough that a training on a loaded machine keeps its run alive; short enough for a test to wait out.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);
    private readonly string folder = Directory.CreateTempSubdirectory("mlcycle-lease-kill-").FullName;

    [Fact]
    public async Task RunWithServer_killedWhilePublishingTrials_serverEndsTheRunAndItsTrialsKilledByTheLease()
    {
        await using var server = await AccessServer.StartAsync(runLease: Lease);
        foreach (var role in new[] { Role.Reader, Role.Editor, Role.Approver })
        {
            await server.Store.Users.GrantAsync(Roles.Name(role), new Grant(GrantScope.Model, "penguins", role), "test");
            await server.Store.Users.GrantAsync(Roles.Name(role), new Grant(GrantScope.Experiment, "penguins", role), "test");
        }
        File.Copy(RepoPaths.Get("examples", "penguins", "penguins.csv"), Path.Combine(folder, "penguins.csv"));
        var spec = Path.Combine(folder, "mlcycle.yaml");
        File.WriteAllText(spec, "name: penguins\ndata: { path: penguins.csv, target: species, task: multiclass }\nsplit: { test: 0.25, seed: 7 }\n" +
            "train: { algorithms: [lightgbm, linear], trials: 3, cv: 2 }\n");

        using var publishing = new SemaphoreSlim(0);
        ChildRun? child = null;
        // Killed on the line itself: on a quiet machine the whole publishing took less than the 150 ms this test once waited, and
        // the run was Finished before the kill (CI, 2026-12-06).
        using var run = child = ChildRun.StartOnServer(spec, server.Client.BaseAddress!.ToString(), server.Tokens["editor"], line =>
        {
            if (!line.Contains(" trial runs", StringComparison.Ordinal)) return;
            child?.KillNow();
            publishing.Release();
        });
        Assert.True(await publishing.WaitAsync(Patience), $"the run never reached its trials:\n{run}");
        run.Kill();

        var killed = Assert.Single((await server.Store.Tracking.SearchRunsAsync("penguins")).Items);
        Assert.Equal(RunStatus.Running, killed.Status);
        for (var deadline = DateTime.UtcNow + Patience; DateTime.UtcNow < deadline && (await ServerInvariants.RunningAsync(server.Store, "penguins")).Count > 0;)
        {
            await Task.Delay(250);
        }

        Assert.Empty(await ServerInvariants.RunningAsync(server.Store, "penguins"));
        var ended = await server.Store.Tracking.GetRunAsync(killed.RunId);
        Assert.Equal((RunStatus.Killed, true), (ended.Status, ended.LeaseLapsed));
        Assert.StartsWith(Run.LapsedErrorPrefix, ended.Error);
        var trials = await server.Store.Tracking.GetChildRunsAsync(killed.RunId);
        Assert.All(trials, t => Assert.True(t.Status == RunStatus.Finished || (t.Status == RunStatus.Killed && t.LeaseLapsed), $"trial {t.RunId}: {t.Status} {t.Error}"));
        Assert.Empty(await ServerInvariants.RegistryViolationsAsync(server.Store));
        Assert.Contains((await server.Store.Audit.ReadAsync()), e => e.Action == Run.LapseAction && e.Target == killed.RunId);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
