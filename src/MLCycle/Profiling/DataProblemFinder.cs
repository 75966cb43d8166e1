namespace MLCycle.Profiling;

/// <summary>Runs every data check and the correlations over the profiled table, in a fixed order.</summary>
internal static class DataProblemFinder
{
    public static (List<DataIssue> Issues, List<Correlation> Correlations) Find(IssueContext context, long duplicateRows, CancellationToken ct)
    {
        var issues = new List<DataIssue>();
        issues.AddRange(StructureIssueDetector.Find(context, duplicateRows));
        ct.ThrowIfCancellationRequested();
        issues.AddRange(ValueIssueDetector.Find(context));
        ct.ThrowIfCancellationRequested();
        issues.AddRange(CategoryIssueDetector.Find(context));
        ct.ThrowIfCancellationRequested();
        issues.AddRange(ImpossibleValueDetector.Find(context));
        ct.ThrowIfCancellationRequested();
        issues.AddRange(OutlierDetector.Find(context));
        ct.ThrowIfCancellationRequested();
        var correlations = CorrelationCalculator.Compute(context);
        ct.ThrowIfCancellationRequested();
        issues.AddRange(TargetIssueDetector.Find(context, correlations));
        return (issues, correlations);
    }
}
