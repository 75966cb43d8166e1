namespace MLCycle.Metrics;

/// <summary>
/// The metrics of predicted labels, as scikit-learn 1.2 computes them with <c>labels</c> = every class and sample weights:
/// accuracy, balanced accuracy, per-class precision/recall/F1, their macro and weighted averages, and the Matthews coefficient.
/// A ratio without a denominator is 0 (sklearn's <c>zero_division="warn"</c>).
/// </summary>
internal sealed class LabelMetrics
{
    private LabelMetrics(long[][] counts, ClassMetrics[] perClass, Dictionary<string, double> metrics)
    {
        Counts = counts;
        PerClass = perClass;
        Metrics = metrics;
    }

    /// <summary>Rows = actual class, columns = predicted class; row counts, not weights.</summary>
    public long[][] Counts { get; }

    public ClassMetrics[] PerClass { get; }

    public Dictionary<string, double> Metrics { get; }

    public static LabelMetrics Compute(ClassificationInput input)
    {
        int k = input.Classes.Count;
        var counts = new long[k][];
        var weighted = new double[k][];
        for (int c = 0; c < k; c++)
        {
            counts[c] = new long[k];
            weighted[c] = new double[k];
        }
        double total = 0, correct = 0;
        for (int i = 0; i < input.Actual.Count; i++)
        {
            int a = input.Actual[i], p = input.Predicted[i];
            double w = input.Weight(i);
            counts[a][p]++;
            weighted[a][p] += w;
            total += w;
            if (a == p) correct += w;
        }

        var trueSum = new double[k];
        var predSum = new double[k];
        for (int a = 0; a < k; a++)
        {
            for (int p = 0; p < k; p++)
            {
                trueSum[a] += weighted[a][p];
                predSum[p] += weighted[a][p];
            }
        }

        var perClass = new ClassMetrics[k];
        double recallOfPresent = 0, supportTotal = 0;
        int present = 0;
        var averages = new double[6];
        for (int c = 0; c < k; c++)
        {
            double tp = weighted[c][c];
            double precision = Ratio(tp, predSum[c]);
            double recall = Ratio(tp, trueSum[c]);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass[c] = new ClassMetrics(input.Classes[c], precision, recall, f1, counts[c].Sum());
            averages[0] += precision;
            averages[1] += recall;
            averages[2] += f1;
            averages[3] += precision * trueSum[c];
            averages[4] += recall * trueSum[c];
            averages[5] += f1 * trueSum[c];
            supportTotal += trueSum[c];
            // Balanced accuracy skips a class without actual rows: sklearn drops its NaN recall.
            if (trueSum[c] > 0)
            {
                recallOfPresent += recall;
                present++;
            }
        }

        var metrics = new Dictionary<string, double>
        {
            ["accuracy"] = correct / total,
            ["balanced_accuracy"] = present == 0 ? 0 : recallOfPresent / present,
            ["precision_macro"] = averages[0] / k,
            ["recall_macro"] = averages[1] / k,
            ["f1_macro"] = averages[2] / k,
            ["precision_weighted"] = Ratio(averages[3], supportTotal),
            ["recall_weighted"] = Ratio(averages[4], supportTotal),
            ["f1_weighted"] = Ratio(averages[5], supportTotal),
            ["mcc"] = Matthews(trueSum, predSum, correct, total),
        };
        return new LabelMetrics(counts, perClass, metrics);
    }

    /// <summary>Adds the pre-sklearn-naming keys that stored runs, specs and gates already use, with the same values.</summary>
    public static void AddLegacyKeys(Dictionary<string, double> metrics)
    {
        foreach (var (legacy, current) in MetricKeys.LegacyAliases)
        {
            if (metrics.TryGetValue(current, out double value)) metrics[legacy] = value;
        }
    }

    public static double Ratio(double numerator, double denominator) => denominator == 0 ? 0 : numerator / denominator;

    // sklearn's matthews_corrcoef: covariances from the confusion matrix; 0 when either side has no variance.
    private static double Matthews(double[] trueSum, double[] predSum, double correct, double total)
    {
        double tp = 0, tt = 0, pp = 0;
        for (int c = 0; c < trueSum.Length; c++)
        {
            tp += trueSum[c] * predSum[c];
            tt += trueSum[c] * trueSum[c];
            pp += predSum[c] * predSum[c];
        }
        double covYtYp = correct * total - tp;
        double covYpYp = total * total - pp;
        double covYtYt = total * total - tt;
        return covYpYp * covYtYt == 0 ? 0 : covYtYp / Math.Sqrt(covYtYt * covYpYp);
    }
}
