namespace MLCycle.Metrics;

/// <summary>Checks shared by every metric: matching row counts, at least one row, usable sample weights.</summary>
internal static class MetricInput
{
    public static void CheckRows(int actualCount, int predictedCount)
    {
        if (actualCount != predictedCount)
            throw new MLCycleException(ErrorKind.BadData, $"Cannot evaluate: {actualCount} actual values but {predictedCount} predictions; expected one prediction per row.");
        if (actualCount == 0)
            throw new MLCycleException(ErrorKind.BadData, "Cannot evaluate: no rows; expected at least one row with an actual value.");
    }

    public static void CheckWeights(IReadOnlyList<double>? weights, int rows)
    {
        if (weights is null) return;
        if (weights.Count != rows)
            throw new MLCycleException(ErrorKind.BadData, $"Cannot evaluate: {rows} rows but {weights.Count} sample weights; expected one weight per row.");
        double total = 0;
        for (int i = 0; i < weights.Count; i++)
        {
            if (!(double.IsFinite(weights[i]) && weights[i] >= 0))
                throw new MLCycleException(ErrorKind.BadData, $"Row {i + 1}: the sample weight must be a finite number >= 0; found {weights[i]}.");
            total += weights[i];
        }
        if (total <= 0)
            throw new MLCycleException(ErrorKind.BadData, "Cannot evaluate: every sample weight is 0; expected at least one row with a positive weight.");
    }
}
