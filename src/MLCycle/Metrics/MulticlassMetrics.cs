
namespace MLCycle.Metrics;

/// <summary>Multiclass metrics, equal to scikit-learn 1.2's with <c>labels</c> = every class the model knows.</summary>
public static class MulticlassMetrics
{
    /// <summary>
    /// Computes the metrics from actual class indices and per-row class probabilities (in <c>classes</c> order); the predicted
    /// class of a row is its most probable one (the first on ties).
    /// </summary>
    public static EvaluationResult Compute(IReadOnlyList<int> actual, IReadOnlyList<double[]> probabilities, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(classes);
        MetricInput.CheckRows(actual.Count, probabilities.Count);
        var predicted = new int[probabilities.Count];
        for (int i = 0; i < predicted.Length; i++)
        {
            if (probabilities[i] is not { } row || row.Length != classes.Count)
                throw new MLCycleException(ErrorKind.BadData, $"Row {i + 1}: expected {classes.Count} class probabilities ({string.Join(", ", classes)}); found {probabilities[i]?.Length ?? 0}.");
            predicted[i] = ArgMax(row);
        }
        return Compute(new ClassificationInput { Classes = classes, Actual = actual, Predicted = predicted, Probabilities = probabilities });
    }

    /// <summary>
    /// Computes accuracy, balanced_accuracy, macro and weighted precision/recall/F1 over every class (a class absent from this
    /// data scores 0 and still counts in the macro average), mcc, and when probabilities are given log_loss and one-vs-rest
    /// roc_auc_ovr_macro / roc_auc_ovr_weighted; also per-class scores and the confusion matrix. The one-vs-rest AUCs are NaN,
    /// with a note, where scikit-learn refuses them (a class never or always actual, rows that do not sum to 1).
    /// </summary>
    public static EvaluationResult Compute(ClassificationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Check();
        var labels = LabelMetrics.Compute(input);
        var metrics = labels.Metrics;
        var notes = new Dictionary<string, string>();
        if (input.Probabilities is not null)
        {
            metrics["log_loss"] = ProbabilityMetrics.LogLoss(input);
            var auc = ProbabilityMetrics.OneVsRestAuc(input, out string? why);
            metrics["roc_auc_ovr_macro"] = auc?.Macro ?? double.NaN;
            metrics["roc_auc_ovr_weighted"] = auc?.Weighted ?? double.NaN;
            if (why is not null)
            {
                notes["roc_auc_ovr_macro"] = why;
                notes["roc_auc_ovr_weighted"] = why;
            }
        }
        else
        {
            foreach (var key in (string[])["log_loss", "roc_auc_ovr_macro", "roc_auc_ovr_weighted"]) notes[key] = "no class probabilities were given";
        }
        LabelMetrics.AddLegacyKeys(metrics);
        return new EvaluationResult
        {
            Task = TaskKind.Multiclass,
            Metrics = metrics,
            Classes = [.. input.Classes],
            ConfusionMatrix = labels.Counts,
            PerClass = labels.PerClass,
            Notes = notes,
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
