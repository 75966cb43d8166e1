
namespace MLCycle.Metrics;

/// <summary>Binary classification metrics, equal to scikit-learn 1.2's (sample weights included).</summary>
public static class BinaryMetrics
{
    /// <summary>
    /// Computes the metrics from actual labels and predicted positive-class probabilities; a row is predicted positive when its
    /// probability is above <paramref name="threshold"/>, as ML.NET's PredictedLabel is score &gt; 0.
    /// </summary>
    public static EvaluationResult Compute(
        IReadOnlyList<bool> actual, IReadOnlyList<double> probability, string negativeClass, string positiveClass, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(probability);
        MetricInput.CheckRows(actual.Count, probability.Count);
        for (int i = 0; i < probability.Count; i++)
        {
            if (!(probability[i] >= 0 && probability[i] <= 1))
                throw new MLCycleException(ErrorKind.BadData, $"Row {i + 1}: the probability of '{positiveClass}' must lie in [0, 1]; found {probability[i]}.");
        }
        return Compute(new ClassificationInput
        {
            Classes = [negativeClass, positiveClass],
            Actual = actual.Select(a => a ? 1 : 0).ToArray(),
            Predicted = probability.Select(p => p > threshold ? 1 : 0).ToArray(),
            Probabilities = probability.Select(p => new[] { 1 - p, p }).ToArray(),
        }, positive: 1);
    }

    /// <summary>
    /// Computes accuracy, balanced_accuracy, precision, recall and f1 of the positive class, their macro and weighted averages over
    /// both classes, mcc, and when probabilities are given roc_auc, pr_auc (average precision), log_loss and brier; also the
    /// confusion matrix and the ROC curve. roc_auc is NaN, with a note, when the actual labels hold one class.
    /// </summary>
    public static EvaluationResult Compute(ClassificationInput input, int positive)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Check();
        if (input.Classes.Count != 2)
            throw new MLCycleException(ErrorKind.BadSpec, $"A binary task needs exactly 2 classes; found {input.Classes.Count} ({string.Join(", ", input.Classes)}).");
        ArgumentOutOfRangeException.ThrowIfNegative(positive);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(positive, 1);

        var labels = LabelMetrics.Compute(input);
        var metrics = labels.Metrics;
        var score = labels.PerClass[positive];
        metrics["precision"] = score.Precision;
        metrics["recall"] = score.Recall;
        metrics["f1"] = score.F1;
        var notes = new Dictionary<string, string>();
        IReadOnlyList<(double, double)> roc = [];
        if (input.Probabilities is { } probabilities)
        {
            var isPositive = input.Actual.Select(a => a == positive).ToArray();
            var ranking = ScoreRanking.Build(isPositive, probabilities.Select(p => p[positive]).ToArray(), input.Weights);
            metrics["roc_auc"] = ranking.Auc();
            if (!ranking.HasBothClasses)
                notes["roc_auc"] = $"ROC-AUC is undefined: the actual labels hold only '{input.Classes[ranking.HasPositives ? positive : 1 - positive]}'";
            metrics["pr_auc"] = ranking.AveragePrecision();
            if (!ranking.HasPositives)
                notes["pr_auc"] = $"no actual '{input.Classes[positive]}' rows: average precision is 0, as scikit-learn reports it";
            metrics["log_loss"] = ProbabilityMetrics.LogLoss(input);
            metrics["brier"] = ProbabilityMetrics.Brier(input, positive);
            roc = ranking.RocCurve();
        }
        else
        {
            foreach (var key in (string[])["roc_auc", "pr_auc", "log_loss", "brier"]) notes[key] = "no class probabilities were given";
        }
        LabelMetrics.AddLegacyKeys(metrics);
        var counts = labels.Counts;
        int negative = 1 - positive;
        return new EvaluationResult
        {
            Task = TaskKind.Binary,
            Metrics = metrics,
            Classes = [input.Classes[negative], input.Classes[positive]],
            ConfusionMatrix = [[counts[negative][negative], counts[negative][positive]], [counts[positive][negative], counts[positive][positive]]],
            PerClass = [labels.PerClass[negative], labels.PerClass[positive]],
            Roc = roc,
            Notes = notes,
        };
    }
}
