namespace MLCycle.Evaluation;

/// <summary>The fit diagnosis of a model on its primary metric, with the numbers behind it and a plain-words explanation.</summary>
public sealed record FitVerdict(FitVerdictKind Kind, string Explanation, double TrainScore, double TestScore, double BaselineScore, string Metric)
{
    /// <summary>The cross-validation mean on <see cref="Metric"/>, when the model was cross-validated.</summary>
    public double? CvScore { get; init; }
}
