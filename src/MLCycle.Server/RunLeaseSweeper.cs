using Microsoft.Extensions.Hosting;
using MLCycle.Storage;

namespace MLCycle.Server;

/// <summary>Ends the runs whose client stopped renewing their lease (ADR 0055): every <see cref="RunLease.SweepInterval"/>, each lapsed
/// run is ended Killed with its unfinished child runs, audited as this server's own action. Safe with several servers on one store:
/// each run is ended by a conditional UPDATE, so of two sweeps (or a sweep and the client's own end) exactly one ends it.</summary>
internal sealed class RunLeaseSweeper(MLCycleStore store, RunLease lease, ILogger<RunLeaseSweeper> logger) : BackgroundService
{
    /// <summary>The audit log's actor for the sweep: the server, named by its host, as a CLI command is "local:USER".</summary>
    public static string Actor { get; } = $"server:{Environment.MachineName}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // A server that starts waits one lease first: while no server answered, clients' heartbeats failed, and they get a full
            // lease to renew before anything is judged lapsed.
            await Task.Delay(lease.Duration, stoppingToken);
            using var timer = new PeriodicTimer(lease.SweepInterval);
            do
            {
                await SweepAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server is stopping.
        }
    }

    private async Task SweepAsync(CancellationToken ct)
    {
        try
        {
            var ended = await store.Tracking.EndLapsedRunsAsync(DateTimeOffset.UtcNow, Actor, ct);
            if (ended.Count > 0)
            {
                logger.LogWarning("Ended {Count} run(s) as Killed: no heartbeat from their client within {Lease} ({Runs})", ended.Count, lease.Duration, string.Join(", ", ended));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A store that is down for a moment: the next sweep tries again; a lapsed run only ends a little later.
            logger.LogError("The run lease sweep failed and is retried in {Interval}: {Message}", lease.SweepInterval, e.Message);
        }
    }
}
