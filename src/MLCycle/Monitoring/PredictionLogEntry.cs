namespace MLCycle.Monitoring;

/// <summary>One served prediction: the model version, when, the input row and the output, both as JSON text.</summary>
public sealed record PredictionLogEntry(string ModelName, int Version, DateTimeOffset Time, string InputsJson, string OutputJson)
{
    /// <summary>The prediction's id as the caller got it (<see cref="PredictionId"/>), the key outcomes are joined on; null for entries logged before ids.</summary>
    public string? Id { get; init; }

    /// <summary>Whether the row answered the request (primary, canary) or was scored beside the answer (shadow).</summary>
    public PredictionRole Role { get; init; } = PredictionRole.Primary;

    /// <summary>For a shadow row, the id of the prediction the caller got for the same input: outcomes sent for it measure both.</summary>
    public string? PrimaryId { get; init; }

    /// <summary>The row's value of the model's key column (<see cref="Registry.ModelMonitoring.Key"/>), which outcomes may name instead
    /// of the id; null when the model names no key or the row carried none.</summary>
    public string? Key { get; init; }

    /// <summary>About what the entry holds in memory: its strings (UTF-16) and the object headers around them. The writer queues
    /// batches, measured by <see cref="PredictionLogBatch.MeasuredBytes"/>; this stays for comparing the two forms.</summary>
    public long MeasuredBytes => 2L * (ModelName.Length + InputsJson.Length + OutputJson.Length + (Id?.Length ?? 0) + (PrimaryId?.Length ?? 0) + (Key?.Length ?? 0)) + 160;
}
