namespace MLCycle.Evaluation;

/// <summary>
/// Challenger minus champion on one metric over the same rows: both values, the difference with its 95% interval, the
/// two-sided p-value and the method that gave them.
/// </summary>
public sealed record PairedDifference(
    string Metric, string Method, double Challenger, double Champion, double Difference, double Lower, double Upper, double PValue)
{
    /// <summary>True when the challenger is better by more than noise: p below <see cref="PairedComparison.Alpha"/> in the better direction.</summary>
    public bool SignificantlyBetter(bool higherIsBetter) =>
        PValue < PairedComparison.Alpha && (higherIsBetter ? Difference > 0 : Difference < 0);

    /// <summary>One line for the run summary, e.g. "roc_auc +0.0123 (95% CI -0.0040 to +0.0286), p = 0.14, DeLong".</summary>
    public override string ToString() =>
        FormattableString.Invariant($"{Metric} {Difference:+0.0000;-0.0000;0} (95% CI {Lower:+0.0000;-0.0000;0} to {Upper:+0.0000;-0.0000;0}), p = {PValue:0.####}, {Method}");
}
