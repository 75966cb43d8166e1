
namespace MLCycle.Metrics;

/// <summary>Regression metrics: mse, rmse, mae and r2.</summary>
public static class RegressionMetrics
{
    /// <summary>
    /// Computes mse, rmse, mae and r2 (1 - SS_res / SS_tot). When the actual values are constant, r2 is 1 for a
    /// perfect prediction and 0 otherwise (sklearn's convention), because SS_tot is zero.
    /// </summary>
    public static EvaluationResult Compute(IReadOnlyList<double> actual, IReadOnlyList<double> predicted)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        MetricInput.CheckRows(actual.Count, predicted.Count);
        double mean = 0;
        for (int i = 0; i < actual.Count; i++)
        {
            if (!double.IsFinite(actual[i]))
                throw new MLCycleException(ErrorKind.BadData, $"Row {i + 1}: the actual value must be a finite number; found {actual[i]}.");
            if (!double.IsFinite(predicted[i]))
                throw new MLCycleException(ErrorKind.BadData, $"Row {i + 1}: the predicted value must be a finite number; found {predicted[i]}.");
            mean += actual[i];
        }
        mean /= actual.Count;

        double squared = 0, absolute = 0, total = 0;
        for (int i = 0; i < actual.Count; i++)
        {
            double error = actual[i] - predicted[i];
            squared += error * error;
            absolute += Math.Abs(error);
            total += (actual[i] - mean) * (actual[i] - mean);
        }

        double mse = squared / actual.Count;
        double r2 = total == 0 ? (squared == 0 ? 1 : 0) : 1 - squared / total;
        var metrics = new Dictionary<string, double>
        {
            ["mse"] = mse,
            ["rmse"] = Math.Sqrt(mse),
            ["mae"] = absolute / actual.Count,
            ["r2"] = r2,
        };
        return new EvaluationResult { Task = TaskKind.Regression, Metrics = metrics };
    }
}
