using MLCycle.Profiling.Scanning;

namespace MLCycle.Profiling;

/// <summary>
/// Runs every data check and the correlations in a fixed order. Checks that need bounds fitted from the first pass
/// (outliers, the count of a near-constant column's value, where repeats are) first add their probes to the second
/// pass's plan; <see cref="Find"/> reports once it has run.
/// </summary>
internal sealed class DataProblemFinder
{
    private Dictionary<int, (NumberProbe Equal, NumberProbe Other)> _medianProbes = [];
    private List<OutlierDetector.Probes> _outlierProbes = [];

    public static DataProblemFinder Plan(IssueContext context, SecondPassPlan plan) => new()
    {
        _medianProbes = StructureIssueDetector.Plan(context, plan),
        _outlierProbes = OutlierDetector.Plan(context, plan),
    };

    public (List<DataIssue> Issues, List<Correlation> Correlations) Find(IssueContext context, CancellationToken ct)
    {
        var issues = new List<DataIssue>();
        issues.AddRange(StructureIssueDetector.Find(context, _medianProbes));
        ct.ThrowIfCancellationRequested();
        issues.AddRange(ValueIssueDetector.Find(context));
        issues.AddRange(CategoryIssueDetector.Find(context));
        issues.AddRange(ImpossibleValueDetector.Find(context));
        issues.AddRange(OutlierDetector.Find(context, _outlierProbes));
        ct.ThrowIfCancellationRequested();
        var correlations = CorrelationCalculator.Compute(context);
        issues.AddRange(TargetIssueDetector.Find(context, correlations));
        return (issues, correlations);
    }
}
