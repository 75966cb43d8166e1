using MLCycle.Client;
using MLCycle.Storage;
using MLCycle.Tracking;
using ClientStatus = MLCycle.Client.RunStatus;

namespace MLCycle.Cli.Remote;

/// <summary>Copies a run trained in the staging store to the server's run of the same id: its params, metric histories (each value
/// with the time the staging store recorded) and tags, its search trials as child runs of the server's run, and its artifacts.
/// Each child costs three requests (create with its tags, one log-batch, end), so a 50-trial search is 150 small requests.</summary>
public sealed class RunPublisher(MLCycleClient client, MLCycleStore staging, IProgress<string>? progress)
{
    /// <summary>Publishes everything but the version; returns the server's id of each child run by its staging id.</summary>
    public async Task<IReadOnlyDictionary<string, string>> PublishAsync(ActiveRun remote, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var run = await staging.Tracking.GetRunAsync(remote.RunId, ct);
        progress?.Report($"Publishing the params, metrics and tags of run {remote.RunId}");
        foreach (var (key, value) in run.Tags) remote.SetTag(key, value);
        await LogAsync(remote, run, ct);

        var children = await staging.Tracking.GetChildRunsAsync(remote.RunId, ct);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        if (children.Count > 0) progress?.Report($"Publishing {children.Count} trial runs");
        foreach (var child in children) ids[child.RunId] = await PublishChildAsync(child, ct);

        var artifacts = staging.Artifacts.List(remote.RunId);
        progress?.Report($"Uploading {artifacts.Count} artifacts");
        foreach (var artifact in artifacts)
        {
            await client.UploadArtifactAsync(remote.RunId, staging.Artifacts.Resolve(remote.RunId, artifact.Path), artifact.Path, ct);
        }
        return ids;
    }

    // The staging parent has the server's id, so the child's mlflow.parentRunId tag already names the server's run; it goes with the
    // create request, so a child is never visible on the server without its parent tag.
    private async Task<string> PublishChildAsync(Run child, CancellationToken ct)
    {
        var remote = await client.StartRunAsync(child.ExperimentName, child.Name, child.Tags, ct);
        try
        {
            await LogAsync(remote, child, ct);
            _ = child.Status switch
            {
                Tracking.RunStatus.Failed => await remote.FailAsync(child.Error ?? "the trial failed", ct),
                Tracking.RunStatus.Killed => await remote.EndAsync(ClientStatus.Killed, ct),
                _ => await remote.EndAsync(ClientStatus.Finished, ct),
            };
        }
        catch (MLCycleApiException e)
        {
            // A trial left Running under the parent that this failure ends Failed would look like a search still going.
            await EndFailedAsync(remote.RunId, $"publishing the trial failed: {e.Message}");
            throw;
        }
        return remote.RunId;
    }

    private async Task EndFailedAsync(string runId, string error)
    {
        try
        {
            await client.EndRunAsync(runId, ClientStatus.Failed, error, CancellationToken.None);
        }
        catch (MLCycleApiException)
        {
            // The first refusal is what the caller must see; a server that also refuses the end leaves the trial Running under a Failed parent.
        }
    }

    /// <summary>Params and every value of every metric, sent in as few log-batch requests as the server's limits allow.</summary>
    private async Task LogAsync(ActiveRun remote, Run run, CancellationToken ct)
    {
        foreach (var (key, value) in run.Params) remote.LogParam(key, value);
        foreach (var key in run.Metrics.Keys)
        {
            foreach (var metric in await staging.Tracking.GetMetricHistoryAsync(run.RunId, key, ct))
            {
                remote.LogMetric(key, metric.Value, metric.Step, metric.Timestamp);
            }
        }
        await remote.FlushAsync(ct);
    }
}
