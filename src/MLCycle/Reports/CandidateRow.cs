namespace MLCycle.Reports;

/// <summary>One trained candidate as the report lists it: its cross-validation score, test metrics, training time and whether it won.</summary>
public sealed record CandidateRow(
    string Algorithm, double CvMean, double CvStd, IReadOnlyDictionary<string, double> TestMetrics, double Seconds, bool IsWinner);
