namespace MLCycle.Metrics;

/// <summary>Precision, recall and F1 of one class from its confusion counts, with 0 where a ratio has no denominator.</summary>
internal static class PrecisionRecall
{
    public static ClassMetrics Score(string cls, long truePositives, long falsePositives, long falseNegatives)
    {
        // sklearn's zero_division=0 convention: no predicted positives means precision 0, not NaN.
        double precision = Ratio(truePositives, truePositives + falsePositives);
        double recall = Ratio(truePositives, truePositives + falseNegatives);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new ClassMetrics(cls, precision, recall, f1, truePositives + falseNegatives);
    }

    public static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;

    /// <summary>Clips a probability away from 0 and 1 so that log loss stays finite.</summary>
    public static double Clip(double p) => Math.Clamp(p, 1e-15, 1 - 1e-15);
}
