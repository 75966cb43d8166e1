using System.Globalization;
using Dapper;
using MLCycle.Access;
using MLCycle.Tracking;

namespace MLCycle.Storage;

/// <summary>Run leases (ADR 0055): a client renews its run's lease; a sweeper ends the runs whose lease lapsed. Every change is a
/// conditional UPDATE on the run's row (WHERE status = Running), so a renewal, a client's end and any number of sweepers on one
/// store serialise on that row and exactly one of them decides how the run ends.</summary>
internal sealed partial class SqlTrackingStore
{
    // A sweep reads at most this many lapsed runs; the rest wait for the next sweep a moment later.
    private const int MaxLapsedPerSweep = 200;

    public Task<bool> RenewLeaseAsync(string runId, TimeSpan lease, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        return database.ReadAsync(async c =>
        {
            var id = await RunQueries.ResolveRunIdAsync(c, null, runId, ct).ConfigureAwait(false);
            var now = Now();
            // One statement, atomic by itself: no transaction, no audit line (a heartbeat changes no result of the run).
            return await c.ExecuteAsync(new CommandDefinition(
                "UPDATE runs SET heartbeat_at = @Now, lease_until = @Until WHERE run_id = @RunId AND status = @Running",
                new { Now = now, Until = now + (long)lease.TotalMilliseconds, RunId = id, Running = nameof(RunStatus.Running) },
                cancellationToken: ct)).ConfigureAwait(false) == 1;
        }, ct);
    }

    public async Task<IReadOnlyList<string>> EndLapsedRunsAsync(DateTimeOffset now, string actor, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var at = now.ToUnixTimeMilliseconds();
        var lapsed = await database.ReadAsync(async c => (await c.QueryAsync<(string RunId, long? HeartbeatAt, long LeaseUntil)>(new CommandDefinition(
            $"""
            SELECT run_id, heartbeat_at, lease_until FROM runs
            WHERE status = 'Running' AND lease_until IS NOT NULL AND lease_until < @Now ORDER BY lease_until, run_seq LIMIT {MaxLapsedPerSweep}
            """, new { Now = at }, cancellationToken: ct)).ConfigureAwait(false)).AsList(), ct).ConfigureAwait(false);
        var ended = new List<string>();
        foreach (var run in lapsed)
        {
            if (await EndLapsedRunAsync(run.RunId, run.HeartbeatAt, at, actor, ct).ConfigureAwait(false)) ended.Add(run.RunId);
        }
        return ended;
    }

    /// <summary>The lapse of one run, in one transaction: the run (only if still Running with its lease still lapsed: a heartbeat or
    /// an end that came first wins), then its Running children, each with an audit line. Seen from outside, the parent and its
    /// children end together; a reader never sees the parent Killed beside a Running child.</summary>
    private Task<bool> EndLapsedRunAsync(string runId, long? heartbeatAt, long now, string actor, CancellationToken ct) =>
        database.InTransactionAsync(async (c, t) =>
        {
            var since = DateTimeOffset.FromUnixTimeMilliseconds(heartbeatAt ?? now).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var error = $"{Run.LapsedErrorPrefix} {since}: the server ended it when its lease lapsed";
            var won = await c.ExecuteAsync(new CommandDefinition("""
                UPDATE runs SET status = @Killed, end_time = @Now, error = @Error, lease_lapsed = 1
                WHERE run_id = @RunId AND status = @Running AND lease_until IS NOT NULL AND lease_until < @Now
                """, new { Killed = nameof(RunStatus.Killed), Now = now, Error = error, RunId = runId, Running = nameof(RunStatus.Running) },
                t, cancellationToken: ct)).ConfigureAwait(false) == 1;
            if (!won) return false;
            var children = (await c.QueryAsync<string>(new CommandDefinition($"""
                SELECT r.run_id FROM runs r JOIN tags pt ON pt.run_id = r.run_id AND pt.key = '{TrackingTags.ParentRunId}'
                WHERE pt.value = @Parent AND r.status = @Running ORDER BY r.run_seq
                """, new { Parent = runId, Running = nameof(RunStatus.Running) }, t, cancellationToken: ct)).ConfigureAwait(false)).AsList();
            var childError = $"its parent run {runId} ended: {error}";
            await c.ExecuteAsync(new CommandDefinition("""
                UPDATE runs SET status = @Killed, end_time = @Now, error = @Error, lease_lapsed = 1 WHERE run_id = @RunId AND status = @Running
                """, children.Select(id => new { Killed = nameof(RunStatus.Killed), Now = now, Error = childError, RunId = id, Running = nameof(RunStatus.Running) }),
                t, cancellationToken: ct)).ConfigureAwait(false);
            foreach (var (id, why) in children.Select(id => (id, childError)).Append((runId, error)))
            {
                await SqlAuditLog.InsertAsync(c, t, new AuditEntry
                {
                    Time = DateTimeOffset.FromUnixTimeMilliseconds(now), Actor = actor, Address = "local", Action = Run.LapseAction, Target = id,
                    Allowed = true, Detail = $"Killed: {why}",
                }, ct).ConfigureAwait(false);
            }
            return true;
        }, ct);
}
