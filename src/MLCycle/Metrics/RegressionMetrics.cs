
namespace MLCycle.Metrics;

/// <summary>Regression metrics, equal to scikit-learn 1.2's (sample weights included).</summary>
public static class RegressionMetrics
{
    // numpy.finfo(float64).eps: sklearn's MAPE divides by at least this, so a zero target gives a huge error, not infinity.
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>
    /// Computes mse, rmse, mae, r2, mape, median_ae and explained_variance, weighted by <paramref name="weights"/> when given.
    /// When the actual values are constant, r2 and explained_variance are 1 for a perfect prediction and 0 otherwise
    /// (sklearn's <c>force_finite</c>); r2 of a single row is NaN, with a note, as sklearn leaves it undefined.
    /// </summary>
    public static EvaluationResult Compute(IReadOnlyList<double> actual, IReadOnlyList<double> predicted, IReadOnlyList<double>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        MetricInput.CheckRows(actual.Count, predicted.Count);
        MetricInput.CheckWeights(weights, actual.Count);
        int n = actual.Count;
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(actual[i]))
                throw new MLCycleException(ErrorKind.BadData, $"Row {i + 1}: the actual value must be a finite number; found {actual[i]}.");
            if (!double.IsFinite(predicted[i]))
                throw new MLCycleException(ErrorKind.BadData, $"Row {i + 1}: the predicted value must be a finite number; found {predicted[i]}.");
        }
        double W(int i) => weights is null ? 1 : weights[i];

        double total = 0, mean = 0, meanError = 0;
        for (int i = 0; i < n; i++)
        {
            total += W(i);
            mean += W(i) * actual[i];
            meanError += W(i) * (actual[i] - predicted[i]);
        }
        mean /= total;
        meanError /= total;

        double squared = 0, absolute = 0, percentage = 0, spread = 0, errorSpread = 0;
        bool constant = true;
        for (int i = 0; i < n; i++)
        {
            double error = actual[i] - predicted[i];
            squared += W(i) * error * error;
            absolute += W(i) * Math.Abs(error);
            percentage += W(i) * Math.Abs(error) / Math.Max(Math.Abs(actual[i]), MachineEpsilon);
            spread += W(i) * (actual[i] - mean) * (actual[i] - mean);
            errorSpread += W(i) * (error - meanError) * (error - meanError);
            constant &= actual[i] == actual[0];
        }
        // A constant target has no spread; rounding in the mean must not turn 0 into a tiny divisor.
        if (constant) spread = 0;

        double mse = squared / total;
        var notes = new Dictionary<string, string>();
        var metrics = new Dictionary<string, double>
        {
            ["mse"] = mse,
            ["rmse"] = Math.Sqrt(mse),
            ["mae"] = absolute / total,
            ["r2"] = ForceFinite(squared, spread),
            ["mape"] = percentage / total,
            ["median_ae"] = MedianAbsoluteError(actual, predicted, weights),
            ["explained_variance"] = ForceFinite(errorSpread / total, spread / total),
        };
        if (n < 2)
        {
            metrics["r2"] = double.NaN;
            notes["r2"] = "R² is undefined for a single row";
        }
        return new EvaluationResult { Task = TaskKind.Regression, Metrics = metrics, Notes = notes };
    }

    // sklearn's _assemble_r2_explained_variance with force_finite: 1 when nothing is left unexplained, 0 when the target has no spread.
    private static double ForceFinite(double unexplained, double spread) =>
        unexplained == 0 ? 1 : spread == 0 ? 0 : 1 - unexplained / spread;

    /// <summary>
    /// The median of the absolute errors; with weights, sklearn's weighted percentile: the smallest error whose cumulative weight
    /// reaches half the total (no averaging of the two middle values).
    /// </summary>
    private static double MedianAbsoluteError(IReadOnlyList<double> actual, IReadOnlyList<double> predicted, IReadOnlyList<double>? weights)
    {
        var errors = Enumerable.Range(0, actual.Count).Select(i => Math.Abs(predicted[i] - actual[i])).ToArray();
        var order = Enumerable.Range(0, errors.Length).OrderBy(i => errors[i]).ToArray();
        if (weights is null)
        {
            int mid = order.Length / 2;
            return order.Length % 2 == 1 ? errors[order[mid]] : (errors[order[mid - 1]] + errors[order[mid]]) / 2;
        }
        var cumulative = new double[order.Length];
        double sum = 0;
        for (int j = 0; j < order.Length; j++) cumulative[j] = sum += weights[order[j]];
        double half = 0.5 * sum;
        for (int j = 0; j < order.Length; j++)
        {
            if (cumulative[j] >= half) return errors[order[j]];
        }
        return errors[order[^1]];
    }
}
