using System.Globalization;
using MLCycle.Client;
using MLCycle.Tracking;
using ClientStatus = MLCycle.Client.RunStatus;

namespace MLCycle.Cli.Remote;

/// <summary>The server runs of `run --server` clients that died (SIGKILL, a power cut) before ending them. A server cannot tell a
/// dead client from a slow one, but the client's own host can: each run is tagged with the process that publishes it, and the next
/// `run --server` of the same experiment on that host ends the runs whose process is gone as Killed, with their unfinished trials.
/// Such a run never had a version (a version ends its run in the same transaction), and a Killed run is refused registration.</summary>
internal static class AbandonedRuns
{
    /// <summary>The tags naming the client process: its host, and its id with its start time (so a reused id is not mistaken for it).</summary>
    public const string HostTag = "mlcycle.client.host", ProcessTag = "mlcycle.client.process";

    /// <summary>This process, as the tags of the server runs it starts.</summary>
    public static IReadOnlyDictionary<string, string> OwnerTags { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [HostTag] = RunOwner.Current.Host,
        [ProcessTag] = string.Create(CultureInfo.InvariantCulture, $"{RunOwner.Current.ProcessId}-{RunOwner.Current.StartedAt}"),
    };

    /// <summary>Ends as Killed the Running runs of <paramref name="experiment"/> whose client on this host is gone; returns their ids.</summary>
    public static async Task<IReadOnlyList<string>> EndAsync(MLCycleClient client, string experiment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var ended = new List<string>();
        var dead = new List<RunInfo>();
        await foreach (var run in client.SearchRunsAsync(experiment, "attributes.status = 'Running'", ct: ct))
        {
            if (OwnerOf(run) is { } owner && owner.IsGoneFromThisHost()) dead.Add(run);
        }
        foreach (var run in dead)
        {
            // The trials first: a parent seen Killed while a child still says Running would be a half-ended search.
            foreach (var child in (await client.GetChildRunsAsync(run.RunId, ct)).Where(c => c.Status == ClientStatus.Running))
            {
                await EndKilledAsync(client, child.RunId, ct);
            }
            if (await EndKilledAsync(client, run.RunId, ct)) ended.Add(run.RunId);
        }
        return ended;
    }

    private static RunOwner? OwnerOf(RunInfo run)
    {
        if (!run.Tags.TryGetValue(HostTag, out var host) || !run.Tags.TryGetValue(ProcessTag, out var process)) return null;
        var parts = process.Split('-');
        return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var started)
            ? new RunOwner(pid, host, started) : null;
    }

    /// <summary>False when another client ended it first (409): of two runs cleaning up at once, one wins and the other moves on.</summary>
    private static async Task<bool> EndKilledAsync(MLCycleClient client, string runId, CancellationToken ct)
    {
        try
        {
            await client.EndRunAsync(runId, ClientStatus.Killed, Run.KilledError, ct);
            return true;
        }
        catch (MLCycleApiException e) when (e.Status == System.Net.HttpStatusCode.Conflict)
        {
            return false;
        }
    }
}
