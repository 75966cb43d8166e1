namespace MLCycle.Reports;

/// <summary>One trained candidate as the report lists it: its cross-validation score, test metrics, training time and whether it won.</summary>
public sealed record CandidateRow(
    string Algorithm, double CvMean, double CvStd, IReadOnlyDictionary<string, double> TestMetrics, double Seconds, bool IsWinner)
{
    /// <summary>The rounds early stopping chose (e.g. "number_of_iterations 87"); null when the learner trained set rounds.</summary>
    public string? Rounds { get; init; }
}
