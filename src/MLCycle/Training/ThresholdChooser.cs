using System.Globalization;

namespace MLCycle.Training;

/// <summary>
/// Chooses a binary model's decision threshold from out-of-fold predictions: a row is predicted positive when its
/// probability is above the threshold. Every cut between two distinct probabilities is tried (at their midpoint); ties
/// in F1 or cost go to the cut nearest 0.5, so a threshold moves away from ML.NET's default only when it pays.
/// </summary>
public static class ThresholdChooser
{
    /// <summary>The threshold and a sentence saying how it was chosen.</summary>
    public static (double Threshold, string Reason) Choose(IReadOnlyList<bool> positive, IReadOnlyList<double> probability, ThresholdRule rule)
    {
        ArgumentNullException.ThrowIfNull(positive);
        ArgumentNullException.ThrowIfNull(probability);
        ArgumentNullException.ThrowIfNull(rule);
        if (positive.Count != probability.Count) throw new ArgumentException($"Expected one probability per label ({positive.Count}), found {probability.Count}.", nameof(probability));
        if (rule.FixedAt is { } fixedAt) return (fixedAt, $"{Show(fixedAt)}, as the spec fixes it");
        var n = positive.Count;
        var totalPositive = positive.Count(p => p);
        if (n == 0 || totalPositive == 0 || totalPositive == n) return (0.5, "0.5: the out-of-fold predictions hold one class only, so nothing could be chosen");

        var order = Enumerable.Range(0, n).Where(i => double.IsFinite(probability[i])).OrderByDescending(i => probability[i]).ToArray();
        double bestScore = double.NegativeInfinity, best = 0.5;
        int tp = 0, fp = 0;
        // Cut i predicts the first i rows (highest probabilities) positive; cuts fall only between distinct probabilities.
        for (var i = 0; i <= order.Length; i++)
        {
            if (i > 0)
            {
                if (positive[order[i - 1]]) tp++; else fp++;
                if (i < order.Length && probability[order[i]] == probability[order[i - 1]]) continue;
            }
            var threshold = i == 0 ? Math.Min(1, probability[order[0]] + 1e-9)
                : i == order.Length ? Math.Max(0, probability[order[^1]] - 1e-9)
                : (probability[order[i - 1]] + probability[order[i]]) / 2;
            var fn = totalPositive - tp;
            var score = rule.MaximisesF1 ? (tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn)) : -(rule.FalsePositiveCost * fp + rule.FalseNegativeCost * fn);
            if (score > bestScore || (score == bestScore && Math.Abs(threshold - 0.5) < Math.Abs(best - 0.5)))
            {
                (bestScore, best) = (score, threshold);
            }
        }
        return rule.MaximisesF1
            ? (best, string.Create(CultureInfo.InvariantCulture, $"{Show(best)}: maximises F1 ({bestScore:0.####}) on {n} out-of-fold predictions"))
            : (best, string.Create(CultureInfo.InvariantCulture, $"{Show(best)}: minimises the cost {rule.FalsePositiveCost:0.###} x FP + {rule.FalseNegativeCost:0.###} x FN ({-bestScore:0.###} over {n} out-of-fold predictions)"));
    }

    /// <summary>Binary predictions labelled again at <paramref name="threshold"/>; probabilities are unchanged.</summary>
    public static IReadOnlyList<Prediction> Relabel(IReadOnlyList<Prediction> predictions, IReadOnlyList<string> classes, double threshold) =>
        predictions.Select(p => p.Probabilities is { } probabilities
            ? p with { Label = probabilities[classes[1]] > threshold ? classes[1] : classes[0] }
            : p).ToList();

    private static string Show(double threshold) => threshold.ToString("0.####", CultureInfo.InvariantCulture);
}
