namespace MLCycle.Monitoring;

/// <summary>A logged prediction joined with its outcome: the version that served it, when, its output (JSON) and the truth.
/// A shadow row carries its own id and gets the outcome sent for the prediction it shadowed.</summary>
public sealed record LabelledPrediction(string Id, int Version, DateTimeOffset Time, string OutputJson, string? Label, double? Value)
{
    /// <summary>The role the row played for its request.</summary>
    public PredictionRole Role { get; init; } = PredictionRole.Primary;

    /// <summary>For a shadow row, the id of the prediction the caller got for the same input.</summary>
    public string? PrimaryId { get; init; }
}
