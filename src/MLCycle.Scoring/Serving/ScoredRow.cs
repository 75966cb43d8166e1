namespace MLCycle.Serving;

/// <summary>The answer for one input row: its prediction (null when the row was refused), why it was refused, and warnings.</summary>
public sealed record ScoredRow(Prediction? Prediction, IReadOnlyList<InputError> Errors, IReadOnlyList<string> Warnings)
{
    /// <summary>True when the row was scored.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>The predicted class (classification); null for regression or a refused row.</summary>
    public string? Label => Prediction?.Label;

    /// <summary>Class to probability, in the model's class order (classification); null otherwise.</summary>
    public IReadOnlyDictionary<string, double>? Probabilities => Prediction?.Probabilities;

    /// <summary>The predicted value (regression); null otherwise.</summary>
    public double? Value => Prediction?.Value;
}
