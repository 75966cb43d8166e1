
namespace MLCycle.Metrics;

/// <summary>Binary classification metrics from actual labels and predicted positive-class probabilities.</summary>
public static class BinaryMetrics
{
    /// <summary>
    /// Computes accuracy, precision, recall and f1 of the positive class (a row is predicted positive when its
    /// probability is above <paramref name="threshold"/>, as ML.NET's PredictedLabel is score &gt; 0), auc (ROC-AUC, Mann-Whitney with tied scores given
    /// their average rank), pr_auc (average precision), log_loss, the confusion matrix [[TN,FP],[FN,TP]] and the ROC curve.
    /// auc and pr_auc are NaN when the actual labels hold a single class.
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

        long tp = 0, fp = 0, tn = 0, fn = 0;
        double logLoss = 0;
        for (int i = 0; i < actual.Count; i++)
        {
            bool predicted = probability[i] > threshold;
            if (actual[i]) { if (predicted) tp++; else fn++; }
            else { if (predicted) fp++; else tn++; }
            double p = PrecisionRecall.Clip(probability[i]);
            logLoss -= actual[i] ? Math.Log(p) : Math.Log(1 - p);
        }

        var positive = PrecisionRecall.Score(positiveClass, tp, fp, fn);
        var negative = PrecisionRecall.Score(negativeClass, tn, fn, fp);
        var ranking = ScoreRanking.Build(actual, probability);
        var metrics = new Dictionary<string, double>
        {
            ["accuracy"] = (double)(tp + tn) / actual.Count,
            ["precision"] = positive.Precision,
            ["recall"] = positive.Recall,
            ["f1"] = positive.F1,
            ["auc"] = ranking.Auc(),
            ["pr_auc"] = ranking.AveragePrecision(),
            ["log_loss"] = logLoss / actual.Count,
        };
        return new EvaluationResult
        {
            Task = TaskKind.Binary,
            Metrics = metrics,
            Classes = [negativeClass, positiveClass],
            ConfusionMatrix = [[tn, fp], [fn, tp]],
            PerClass = [negative, positive],
            Roc = ranking.RocCurve(),
        };
    }
}
