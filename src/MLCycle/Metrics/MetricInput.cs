namespace MLCycle.Metrics;

/// <summary>Checks shared by every metric: matching row counts and at least one row.</summary>
internal static class MetricInput
{
    public static void CheckRows(int actualCount, int predictedCount)
    {
        if (actualCount != predictedCount)
            throw new MLCycleException(ErrorKind.BadData, $"Cannot evaluate: {actualCount} actual values but {predictedCount} predictions; expected one prediction per row.");
        if (actualCount == 0)
            throw new MLCycleException(ErrorKind.BadData, "Cannot evaluate: no rows; expected at least one row with an actual value.");
    }
}
