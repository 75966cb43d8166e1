using System.Text.Json.Serialization;
using MLCycle.Tracking;

namespace MLCycle.Server.Json;

// The bodies of the tracking API (/api/v1/runs), in MLflow's shapes and snake_case; times are Unix milliseconds.

/// <summary>POST /api/v1/runs.</summary>
internal sealed record CreateRunRequest(string? Experiment, string? Name, List<KeyValueBody?>? Tags);

/// <summary>The answer to POST /api/v1/runs: the run's id and its lease (ADR 0055), whose length tells a client how often to send
/// POST /api/v1/runs/{run}/heartbeat (a third of it, say).</summary>
internal sealed record CreateRunResponse(string RunId, long LeaseMs, long? LeaseExpires);

/// <summary>A param or tag.</summary>
internal sealed record KeyValueBody(string? Key, string? Value);

/// <summary>A metric; NaN is sent as the string "NaN" (JSON has no NaN), and the timestamp defaults to the time of the request.</summary>
internal sealed record MetricBody(
    string? Key,
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double? Value,
    long? Step,
    long? Timestamp);

/// <summary>POST /api/v1/runs/{run}/log-batch: written all together or not at all.</summary>
internal sealed record LogBatchRequest(List<KeyValueBody?>? Params, List<MetricBody?>? Metrics, List<KeyValueBody?>? Tags);

/// <summary>POST /api/v1/runs/{run}/end: Finished unless told otherwise, with the error text of a failure.</summary>
internal sealed record EndRunRequest(string? Status, string? Error);

/// <summary>A run as GET /api/v1/runs/{run} and the search return it; metrics are each key's latest value. experiment_id came
/// after the others (issue 12), so it is last: the shape only grows. last_heartbeat and lease_expires are a client run's lease (ADR 0055),
/// null for a run without one.</summary>
internal sealed record RunBody(
    string RunId, string Experiment, string? Name, string Status, long StartTime, long? EndTime, string? Error,
    List<KeyValueBody> Params, List<MetricBody> Metrics, List<KeyValueBody> Tags, long ExperimentId, long? LastHeartbeat, long? LeaseExpires)
{
    public static RunBody From(Run run) => new(
        run.RunId, run.ExperimentName, run.Name, run.Status.ToString(), run.StartTime.ToUnixTimeMilliseconds(), run.EndTime?.ToUnixTimeMilliseconds(),
        run.Error,
        [.. run.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new KeyValueBody(p.Key, p.Value))],
        [.. run.Metrics.Values.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new MetricBody(m.Key, m.Value, m.Step, m.Timestamp.ToUnixTimeMilliseconds()))],
        [.. run.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new KeyValueBody(t.Key, t.Value))],
        run.ExperimentId, run.LastHeartbeat?.ToUnixTimeMilliseconds(), run.LeaseExpires?.ToUnixTimeMilliseconds());
}

/// <summary>GET /api/v1/runs: one page, and the token of the next while more remain.</summary>
internal sealed record RunPageResponse(List<RunBody> Runs, string? NextPageToken);

/// <summary>A stored artifact file, its path relative to the run's artifact folder.</summary>
internal sealed record ArtifactBody(string Path, long Length);

/// <summary>GET /api/v1/runs/{run}/artifacts.</summary>
internal sealed record ArtifactListResponse(string RunId, List<ArtifactBody> Files);
