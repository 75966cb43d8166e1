namespace MLCycle.Evaluation;

/// <summary>
/// Where a file of predictions keeps them. The defaults are the names <c>mlcycle predict</c> writes: <c>prediction</c> and one
/// <c>probability_CLASS</c> column per class.
/// </summary>
public sealed record PredictionColumns
{
    /// <summary>The column that <c>mlcycle predict</c> writes the predicted label or value to.</summary>
    public const string DefaultPrediction = "prediction";

    /// <summary>The prefix of the class probability columns <c>mlcycle predict</c> writes.</summary>
    public const string ProbabilityPrefix = "probability_";

    /// <summary>The predicted label (or value) column; null uses <see cref="DefaultPrediction"/>, or the most probable class when that column is absent.</summary>
    public string? Prediction { get; init; }

    /// <summary>Class -&gt; probability column, in class order; null finds the <c>probability_CLASS</c> columns.</summary>
    public IReadOnlyDictionary<string, string>? Probabilities { get; init; }
}
