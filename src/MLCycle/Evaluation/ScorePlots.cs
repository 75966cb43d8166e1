using MLCycle.Metrics;

namespace MLCycle.Evaluation;

/// <summary>
/// The data behind the report's plots, computed from the test rows' scores: for a binary model the ROC and precision-recall
/// curves, the reliability (calibration) curve, cumulative gain and precision/recall/F1 against the threshold; for a regression
/// (actual, predicted) pairs. Curves follow scikit-learn 1.2 (<c>roc_curve(drop_intermediate=False)</c>,
/// <c>precision_recall_curve</c>, <c>calibration_curve(strategy="uniform")</c>); the report thins long ones when it draws them.
/// </summary>
public sealed record ScorePlots
{
    /// <summary>Bins of the reliability curve, as scikit-learn's default <c>n_bins</c>.</summary>
    public const int CalibrationBins = 10;

    public required TaskKind Task { get; init; }
    /// <summary>Test rows the plots are drawn from.</summary>
    public required int Rows { get; init; }
    /// <summary>(false positive rate, true positive rate) from (0, 0), one point per distinct score, highest score first.</summary>
    public IReadOnlyList<(double Fpr, double Tpr)> Roc { get; init; } = [];
    /// <summary>(recall, precision) per distinct score, lowest threshold first, ending at (0, 1) as scikit-learn 1.2's curve does.</summary>
    public IReadOnlyList<(double Recall, double Precision)> PrecisionRecall { get; init; } = [];
    /// <summary>Per non-empty bin of predicted probability: the mean prediction, the share of actual positives and the rows.</summary>
    public IReadOnlyList<(double MeanPredicted, double FractionPositive, int Rows)> Calibration { get; init; } = [];
    /// <summary>Cumulative gain: (share of rows taken, highest scores first; share of all positives among them), from (0, 0).</summary>
    public IReadOnlyList<(double Share, double Gain)> Gain { get; init; } = [];
    /// <summary>(threshold, precision, recall, F1) per distinct score, a row positive when its score is at or above the threshold.</summary>
    public IReadOnlyList<(double Threshold, double Precision, double Recall, double F1)> Thresholds { get; init; } = [];
    /// <summary>The decision threshold the model applies (positive above it); null when unknown.</summary>
    public double? Threshold { get; init; }
    /// <summary>Regression: (actual, predicted) per test row.</summary>
    public IReadOnlyList<(double Actual, double Predicted)> Residuals { get; init; } = [];

    /// <summary>The binary plots of actual labels (true = positive) and positive-class probabilities; the curves are empty when one class is absent.</summary>
    public static ScorePlots Binary(IReadOnlyList<bool> actual, IReadOnlyList<double> score, double? threshold = null)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(score);
        MetricInput.CheckRows(actual.Count, score.Count);
        var groups = Enumerable.Range(0, score.Count).GroupBy(i => score[i]).OrderByDescending(g => g.Key)
            .Select(g => (Score: g.Key, Positives: g.Count(i => actual[i]), Rows: g.Count())).ToList();
        int positives = actual.Count(a => a), negatives = actual.Count - positives;
        var roc = new List<(double, double)> { (0, 0) };
        var gain = new List<(double, double)> { (0, 0) };
        var pr = new List<(double, double)>();
        var thresholds = new List<(double, double, double, double)>();
        double tp = 0, taken = 0;
        foreach (var (s, pos, rows) in groups)
        {
            tp += pos;
            taken += rows;
            double fp = taken - tp;
            double precision = tp / taken, recall = positives == 0 ? 0 : tp / positives;
            if (positives > 0 && negatives > 0) roc.Add((fp / negatives, tp / positives));
            if (positives > 0) gain.Add((taken / actual.Count, tp / positives));
            pr.Add((recall, precision));
            thresholds.Add((s, precision, recall, precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)));
        }
        return new ScorePlots
        {
            Task = TaskKind.Binary,
            Rows = actual.Count,
            Roc = positives > 0 && negatives > 0 ? roc : [],
            PrecisionRecall = positives > 0 ? PrecisionRecallCurve(pr) : [],
            Calibration = Reliability(actual, score),
            Gain = positives > 0 ? gain : [],
            Thresholds = thresholds,
            Threshold = threshold,
        };
    }

    /// <summary>The regression plots: every finite (actual, predicted) pair.</summary>
    public static ScorePlots Regression(IReadOnlyList<double> actual, IReadOnlyList<double> predicted)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        MetricInput.CheckRows(actual.Count, predicted.Count);
        var pairs = Enumerable.Range(0, actual.Count).Where(i => double.IsFinite(actual[i]) && double.IsFinite(predicted[i]))
            .Select(i => (actual[i], predicted[i])).ToList();
        return new ScorePlots { Task = TaskKind.Regression, Rows = actual.Count, Residuals = pairs };
    }

    // scikit-learn 1.2 lists the curve lowest threshold first and appends (recall 0, precision 1).
    private static List<(double, double)> PrecisionRecallCurve(List<(double Recall, double Precision)> descending)
    {
        var curve = Enumerable.Reverse(descending).ToList();
        curve.Add((0, 1));
        return curve;
    }

    // Uniform bins over [0, 1] closed on the right (0.1 falls in the first bin), as scikit-learn's searchsorted over the inner edges.
    private static List<(double, double, int)> Reliability(IReadOnlyList<bool> actual, IReadOnlyList<double> score)
    {
        var sum = new double[CalibrationBins];
        var hits = new int[CalibrationBins];
        var rows = new int[CalibrationBins];
        for (int i = 0; i < score.Count; i++)
        {
            int bin = 0;
            while (bin < CalibrationBins - 1 && (bin + 1) * (1.0 / CalibrationBins) < score[i]) bin++;
            sum[bin] += score[i];
            rows[bin]++;
            if (actual[i]) hits[bin]++;
        }
        return Enumerable.Range(0, CalibrationBins).Where(b => rows[b] > 0)
            .Select(b => (sum[b] / rows[b], (double)hits[b] / rows[b], rows[b])).ToList();
    }
}
