using MLCycle.Metrics;

namespace MLCycle.Evaluation;

/// <summary>How much better a model is than its baseline on one metric, relative to the baseline.</summary>
public static class BaselineLift
{
    /// <summary>
    /// Relative improvement over the baseline, positive when the model is better: (model - baseline) / |baseline| for
    /// scores such as auc, (baseline - model) / |baseline| for errors such as rmse. NaN when the baseline is 0 or either value is NaN.
    /// </summary>
    public static double Compute(string metric, double model, double baseline)
    {
        ArgumentNullException.ThrowIfNull(metric);
        if (baseline == 0 || double.IsNaN(model) || double.IsNaN(baseline)) return double.NaN;
        double improvement = PrimaryMetric.IsHigherBetter(metric) ? model - baseline : baseline - model;
        return improvement / Math.Abs(baseline);
    }
}
