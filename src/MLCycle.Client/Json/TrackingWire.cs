using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLCycle.Client.Json;

// The tracking API's bodies as the server sends and reads them: snake_case, times in Unix milliseconds, NaN as "NaN".

internal sealed record KeyValueWire(string Key, string Value);

internal sealed record MetricWire(
    string Key,
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double Value,
    long Step,
    long Timestamp);

internal sealed record CreateRunWire(string Experiment, string? Name, List<KeyValueWire>? Tags);

internal sealed record CreatedRunWire(string RunId, long? LeaseMs);

internal sealed record LogBatchWire(List<KeyValueWire>? Params, List<MetricWire>? Metrics, List<KeyValueWire>? Tags);

internal sealed record EndRunWire(string Status, string? Error);

internal sealed record RunWire(
    string RunId, string Experiment, string? Name, string Status, long StartTime, long? EndTime, string? Error,
    List<KeyValueWire>? Params, List<MetricWire>? Metrics, List<KeyValueWire>? Tags, long? ExperimentId, long? LastHeartbeat, long? LeaseExpires)
{
    public RunInfo ToRunInfo() => new()
    {
        RunId = RunId,
        Experiment = Experiment,
        ExperimentId = ExperimentId ?? 0,
        Name = Name,
        Status = Enum.TryParse<RunStatus>(Status, ignoreCase: true, out var status) ? status : RunStatus.Running,
        StartTime = DateTimeOffset.FromUnixTimeMilliseconds(StartTime),
        EndTime = EndTime is { } end ? DateTimeOffset.FromUnixTimeMilliseconds(end) : null,
        Error = Error,
        LastHeartbeat = LastHeartbeat is { } beat ? DateTimeOffset.FromUnixTimeMilliseconds(beat) : null,
        LeaseExpires = LeaseExpires is { } until ? DateTimeOffset.FromUnixTimeMilliseconds(until) : null,
        Params = (Params ?? []).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
        Metrics = (Metrics ?? []).ToDictionary(m => m.Key, m => new RunMetric(m.Key, m.Value, m.Step, DateTimeOffset.FromUnixTimeMilliseconds(m.Timestamp)), StringComparer.Ordinal),
        Tags = (Tags ?? []).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
    };
}

internal sealed record RunPageWire(List<RunWire> Runs, string? NextPageToken);

internal sealed record ArtifactListWire(string RunId, List<ArtifactFile> Files);

/// <summary>Source-generated JSON for the tracking API (no reflection, trimming-safe).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateRunWire))]
[JsonSerializable(typeof(CreatedRunWire))]
[JsonSerializable(typeof(LogBatchWire))]
[JsonSerializable(typeof(EndRunWire))]
[JsonSerializable(typeof(RunWire))]
[JsonSerializable(typeof(RunPageWire))]
[JsonSerializable(typeof(ArtifactFile))]
[JsonSerializable(typeof(ArtifactListWire))]
internal sealed partial class TrackingWireContext : JsonSerializerContext;
