using MLCycle.Tracking;

namespace MLCycle.Tests.Tracking;

/// <summary>Run leases (ADR 0055): a client run holds a lease, a renewal moves it, a sweep ends the lapsed runs with their children,
/// and every race (sweep and client end, two sweeps) leaves one end per run. Sweeps are given a "now" in the future instead of
/// waiting, so nothing here depends on the machine's speed.</summary>
public abstract partial class TrackingStoreContract
{
    private const string Sweeper = "server:test";
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task CreateClientRunAsync_withLease_showsItsHeartbeatAndExpiry_localRunHasNone()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var leased = await Tracking.CreateClientRunAsync("churn", "api", null, Minute);
        var local = await Tracking.CreateRunAsync("churn", "local");
        var read = await Tracking.GetRunAsync(leased.RunId);

        Assert.InRange(read.LastHeartbeat!.Value, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(read.LastHeartbeat.Value + Minute, read.LeaseExpires);
        Assert.False(read.LeaseLapsed);
        Assert.Equal((null, null, false), (local.LastHeartbeat, local.LeaseExpires, local.LeaseLapsed));
        Assert.Equal(read.LeaseExpires, (await Tracking.GetRunExperimentAsync(leased.RunId)).LeaseExpires);
    }

    [Fact]
    public async Task EndLapsedRunsAsync_lapsedRun_endsItAndItsRunningChildrenKilled_othersUntouched()
    {
        var parent = await Tracking.CreateClientRunAsync("churn", "search", null, Minute);
        var running = await Tracking.CreateClientRunAsync("churn", "trial 1", ChildOf(parent), Minute);
        var finished = await Tracking.CreateClientRunAsync("churn", "trial 2", ChildOf(parent), Minute);
        await Tracking.EndRunningRunAsync(finished.RunId, RunStatus.Finished);
        var local = await Tracking.CreateRunAsync("churn", "local");
        var young = await Tracking.CreateClientRunAsync("churn", "young", null, TimeSpan.FromHours(2));
        var sweptAt = DateTimeOffset.UtcNow + TimeSpan.FromHours(1);

        var ended = await Tracking.EndLapsedRunsAsync(sweptAt, Sweeper);

        // The child's own lease lapsed too, but its parent, older, is swept first and ends it: the sweep returns the runs it found.
        Assert.Equal([parent.RunId], ended);
        var p = await Tracking.GetRunAsync(parent.RunId);
        Assert.Equal((RunStatus.Killed, true), (p.Status, p.LeaseLapsed));
        Assert.StartsWith(Run.LapsedErrorPrefix, p.Error);
        Assert.Contains(p.LastHeartbeat!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss"), p.Error);
        Assert.Equal(sweptAt.ToUnixTimeMilliseconds(), p.EndTime!.Value.ToUnixTimeMilliseconds());
        var child = await Tracking.GetRunAsync(running.RunId);
        Assert.Equal((RunStatus.Killed, true), (child.Status, child.LeaseLapsed));
        Assert.Contains(parent.RunId, child.Error);
        Assert.Equal(RunStatus.Finished, (await Tracking.GetRunAsync(finished.RunId)).Status);
        Assert.Equal(RunStatus.Running, (await Tracking.GetRunAsync(local.RunId)).Status);
        Assert.Equal(RunStatus.Running, (await Tracking.GetRunAsync(young.RunId)).Status);
        var lapses = (await Store.Audit.ReadAsync()).Where(e => e.Action == Run.LapseAction).ToList();
        Assert.Equal(new[] { parent.RunId, running.RunId }.Order(StringComparer.Ordinal), lapses.Select(e => e.Target!).Order(StringComparer.Ordinal));
        Assert.All(lapses, e => Assert.Equal((Sweeper, true), (e.Actor, e.Allowed)));
        Assert.Empty(await Tracking.EndLapsedRunsAsync(sweptAt, Sweeper));
    }

    [Fact]
    public async Task RenewLeaseAsync_movesTheLease_soASweepBeforeItKeepsTheRun_andAnEndedRunIsNotRenewed()
    {
        var run = await Tracking.CreateClientRunAsync("churn", null, null, Minute);
        var ended = await Tracking.CreateClientRunAsync("churn", null, null, Minute);
        await Tracking.EndRunningRunAsync(ended.RunId, RunStatus.Finished);

        Assert.True(await Tracking.RenewLeaseAsync(run.RunId, TimeSpan.FromHours(3)));
        Assert.False(await Tracking.RenewLeaseAsync(ended.RunId, TimeSpan.FromHours(3)));

        Assert.Empty(await Tracking.EndLapsedRunsAsync(DateTimeOffset.UtcNow + TimeSpan.FromHours(2), Sweeper));
        Assert.Equal(RunStatus.Running, (await Tracking.GetRunAsync(run.RunId)).Status);
        Assert.Equal([run.RunId], await Tracking.EndLapsedRunsAsync(DateTimeOffset.UtcNow + TimeSpan.FromHours(4), Sweeper));
        Assert.Equal(RunStatus.Finished, (await Tracking.GetRunAsync(ended.RunId)).Status);
    }

    [Fact]
    public async Task EndLapsedRunsAsync_racingTheClientsEnd_eachRunEndsOnceAsOneOfThemSays()
    {
        var runs = new List<string>();
        for (var i = 0; i < 20; i++) runs.Add((await Tracking.CreateClientRunAsync("race", null, null, TimeSpan.FromMilliseconds(1))).RunId);
        var sweptAt = DateTimeOffset.UtcNow + Minute;

        var clientWins = new bool[runs.Count];
        var sweep = Task.Run(() => Tracking.EndLapsedRunsAsync(sweptAt, Sweeper));
        var ends = runs.Select((id, i) => Task.Run(async () => clientWins[i] = await Tracking.EndRunningRunAsync(id, RunStatus.Finished))).ToList();
        var swept = await sweep;
        await Task.WhenAll(ends);

        var lapses = (await Store.Audit.ReadAsync()).Where(e => e.Action == Run.LapseAction).Select(e => e.Target!).ToList();
        for (var i = 0; i < runs.Count; i++)
        {
            var run = await Tracking.GetRunAsync(runs[i]);
            // Exactly one of the two ended it, and the run, the sweep's answer and the audit log agree on which.
            Assert.NotEqual(clientWins[i], swept.Contains(runs[i]));
            Assert.Equal(clientWins[i] ? (RunStatus.Finished, false) : (RunStatus.Killed, true), (run.Status, run.LeaseLapsed));
            Assert.Equal(clientWins[i] ? 0 : 1, lapses.Count(t => t == runs[i]));
        }
    }

    [Fact]
    public async Task EndLapsedRunsAsync_twoSweepsAtOnce_endEachRunOnce()
    {
        var runs = new List<string>();
        for (var i = 0; i < 30; i++) runs.Add((await Tracking.CreateClientRunAsync("two-servers", null, null, Minute)).RunId);
        var sweptAt = DateTimeOffset.UtcNow + TimeSpan.FromHours(1);

        var results = await Task.WhenAll(
            Task.Run(() => Tracking.EndLapsedRunsAsync(sweptAt, "server:a")), Task.Run(() => Tracking.EndLapsedRunsAsync(sweptAt, "server:b")));

        Assert.Empty(results[0].Intersect(results[1]));
        Assert.Equal(runs.Order(StringComparer.Ordinal), results[0].Concat(results[1]).Order(StringComparer.Ordinal));
        var lapses = (await Store.Audit.ReadAsync()).Where(e => e.Action == Run.LapseAction).ToList();
        Assert.Equal(runs.Order(StringComparer.Ordinal), lapses.Select(e => e.Target!).Order(StringComparer.Ordinal));
        foreach (var id in runs) Assert.Equal(RunStatus.Killed, (await Tracking.GetRunAsync(id)).Status);
    }

    private static Dictionary<string, string> ChildOf(Run parent) => new() { [TrackingTags.ParentRunId] = parent.RunId };
}
