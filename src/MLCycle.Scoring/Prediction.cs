namespace MLCycle;

/// <summary>A classification (label and class probabilities) or regression (value) prediction.</summary>
public sealed record Prediction(string? Label, IReadOnlyDictionary<string, double>? Probabilities, double? Value)
{
    /// <summary>Why the model predicted this, when the caller asked for an explanation; null otherwise.</summary>
    public PredictionExplanation? Explanation { get; init; }

    /// <summary>The id the server logged the prediction under, for sending its outcome back; null where nothing is logged.</summary>
    public string? Id { get; init; }
}
