using MLCycle.Metrics;

namespace MLCycle.Evaluation;

/// <summary>
/// The data behind the report's plots, computed from the test rows' scores: for a binary model the ROC and precision-recall
/// curves, the reliability (calibration) curve, cumulative gain and precision/recall/F1 against the threshold; for a regression
/// (actual, predicted) pairs; for a multiclass model one-vs-rest ROC and precision-recall curves per class with micro- and
/// macro-averaged ROC AUC. Curves follow scikit-learn 1.2 (<c>roc_curve(drop_intermediate=False)</c>,
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
    /// <summary>Multiclass: each class against the rest, in class order.</summary>
    public IReadOnlyList<ClassCurves> PerClass { get; init; } = [];
    /// <summary>Multiclass: the ROC curve of every (row, class) pair pooled, as <c>roc_curve(Y.ravel(), P.ravel())</c>.</summary>
    public IReadOnlyList<(double Fpr, double Tpr)> MicroRoc { get; init; } = [];
    /// <summary>Multiclass: the area under <see cref="MicroRoc"/> (<c>roc_auc_score(average="micro")</c>); NaN when undefined.</summary>
    public double MicroRocAuc { get; init; } = double.NaN;
    /// <summary>Multiclass: the mean of the classes' ROC AUC (<c>average="macro"</c>), over the classes where it is defined; NaN when none is.</summary>
    public double MacroRocAuc { get; init; } = double.NaN;

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

    /// <summary>
    /// The multiclass plots of actual classes (an index into <paramref name="classes"/>, -1 for none of them) and each row's
    /// probabilities in class order: every class against the rest, and the micro average over all (row, class) pairs.
    /// </summary>
    public static ScorePlots Multiclass(IReadOnlyList<string> classes, IReadOnlyList<int> actual, IReadOnlyList<IReadOnlyList<double>> probabilities)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(probabilities);
        MetricInput.CheckRows(actual.Count, probabilities.Count);
        var perClass = new List<ClassCurves>(classes.Count);
        for (int k = 0; k < classes.Count; k++)
        {
            var isClass = actual.Select(a => a == k).ToArray();
            var binary = Binary(isClass, probabilities.Select(p => p[k]).ToArray());
            perClass.Add(new ClassCurves
            {
                Class = classes[k], Rows = isClass.Count(x => x), Roc = binary.Roc, PrecisionRecall = binary.PrecisionRecall,
                RocAuc = Area(binary.Roc), AveragePrecision = AveragePrecisionOf(binary.PrecisionRecall),
            });
        }
        var pooledActual = new bool[actual.Count * classes.Count];
        var pooledScore = new double[pooledActual.Length];
        for (int i = 0; i < actual.Count; i++)
        {
            for (int k = 0; k < classes.Count; k++)
            {
                pooledActual[i * classes.Count + k] = actual[i] == k;
                pooledScore[i * classes.Count + k] = probabilities[i][k];
            }
        }
        var micro = Binary(pooledActual, pooledScore).Roc;
        var defined = perClass.Where(c => !double.IsNaN(c.RocAuc)).ToList();
        return new ScorePlots
        {
            Task = TaskKind.Multiclass,
            Rows = actual.Count,
            PerClass = perClass,
            MicroRoc = micro,
            MicroRocAuc = Area(micro),
            MacroRocAuc = defined.Count == 0 ? double.NaN : defined.Average(c => c.RocAuc),
        };
    }

    /// <summary>The multiclass plots of labelled predictions whose probabilities are keyed by class (a class missing from them counts 0).</summary>
    public static ScorePlots Multiclass(IReadOnlyList<string> classes, IReadOnlyList<string?> labels, IReadOnlyList<Prediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(predictions);
        var index = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        return Multiclass(classes, labels.Select(l => l is not null && index.TryGetValue(l, out int k) ? k : -1).ToArray(),
            predictions.Select(p => classes.Select(c => p.Probabilities?.GetValueOrDefault(c) ?? 0).ToArray()).ToArray());
    }

    // Trapezoids under the curve, as sklearn.metrics.auc; a tie of scores is one diagonal step, which counts it half.
    private static double Area(IReadOnlyList<(double X, double Y)> curve)
    {
        if (curve.Count < 2) return double.NaN;
        double area = 0;
        for (int i = 1; i < curve.Count; i++) area += (curve[i].X - curve[i - 1].X) * (curve[i].Y + curve[i - 1].Y) / 2;
        return area;
    }

    // scikit-learn's step sum -sum(diff(recall) * precision[:-1]) over the curve listed lowest threshold first.
    private static double AveragePrecisionOf(IReadOnlyList<(double Recall, double Precision)> curve)
    {
        if (curve.Count < 2) return double.NaN;
        double sum = 0;
        for (int i = 0; i < curve.Count - 1; i++) sum += (curve[i].Recall - curve[i + 1].Recall) * curve[i].Precision;
        return sum;
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
