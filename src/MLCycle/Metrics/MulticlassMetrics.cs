
namespace MLCycle.Metrics;

/// <summary>Multiclass metrics from actual class indices and per-row class probabilities (in <c>classes</c> order).</summary>
public static class MulticlassMetrics
{
    /// <summary>
    /// Computes accuracy, macro_f1, macro_precision, macro_recall, micro_f1 and log_loss, per-class precision/recall/F1/support
    /// and the confusion matrix. The predicted class of a row is its most probable one (the first on ties).
    /// Macro averages run over the classes that occur in the actual or the predicted labels, as sklearn does,
    /// so a class absent from this data does not drag the average down.
    /// </summary>
    public static EvaluationResult Compute(IReadOnlyList<int> actual, IReadOnlyList<double[]> probabilities, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(classes);
        MetricInput.CheckRows(actual.Count, probabilities.Count);
        int k = classes.Count;
        if (k < 2)
            throw new MLCycleException(ErrorKind.BadSpec, $"Cannot evaluate a multiclass model with {k} class(es); expected at least 2.");

        var matrix = new long[k][];
        for (int c = 0; c < k; c++) matrix[c] = new long[k];
        double logLoss = 0;
        for (int i = 0; i < actual.Count; i++)
        {
            var row = probabilities[i];
            if (row is null || row.Length != k)
                throw new MLCycleException(ErrorKind.BadData, $"Row {i + 1}: expected {k} class probabilities ({string.Join(", ", classes)}); found {row?.Length ?? 0}.");
            if (actual[i] < 0 || actual[i] >= k)
                throw new MLCycleException(ErrorKind.BadData, $"Row {i + 1}: actual class index {actual[i]} is outside 0..{k - 1}.");
            matrix[actual[i]][ArgMax(row)]++;
            logLoss -= Math.Log(PrecisionRecall.Clip(row[actual[i]]));
        }

        var perClass = new ClassMetrics[k];
        long correct = 0;
        var present = new List<int>();
        for (int c = 0; c < k; c++)
        {
            long tp = matrix[c][c];
            long support = matrix[c].Sum();
            long predicted = 0;
            for (int r = 0; r < k; r++) predicted += matrix[r][c];
            perClass[c] = PrecisionRecall.Score(classes[c], tp, predicted - tp, support - tp);
            correct += tp;
            if (support > 0 || predicted > 0) present.Add(c);
        }

        double accuracy = (double)correct / actual.Count;
        var metrics = new Dictionary<string, double>
        {
            ["accuracy"] = accuracy,
            ["macro_f1"] = present.Average(c => perClass[c].F1),
            ["macro_precision"] = present.Average(c => perClass[c].Precision),
            ["macro_recall"] = present.Average(c => perClass[c].Recall),
            // With exactly one label per row, micro-averaged precision, recall and F1 all equal accuracy.
            ["micro_f1"] = accuracy,
            ["log_loss"] = logLoss / actual.Count,
        };
        return new EvaluationResult
        {
            Task = TaskKind.Multiclass,
            Metrics = metrics,
            Classes = [.. classes],
            ConfusionMatrix = matrix,
            PerClass = perClass,
        };
    }

    private static int ArgMax(double[] row)
    {
        int best = 0;
        for (int c = 1; c < row.Length; c++)
        {
            if (row[c] > row[best]) best = c;
        }
        return best;
    }
}
