using System.Globalization;
using MLCycle.Data;
using MLCycle.Metrics;

namespace MLCycle.Evaluation.Fairness;

/// <summary>
/// Judges a model's predictions for fairness over sensitive columns, with Fairlearn's definitions: per group the rates
/// of the shared metric suite, and over the groups demographic parity (difference and ratio of selection rates),
/// equalized odds (the larger of the TPR and FPR differences) and equal opportunity (the TPR difference).
/// As Fairlearn (through scikit-learn's normalised confusion matrix), a group without actual positives has TPR 0 and one
/// without actual negatives FPR 0.
/// </summary>
public static class FairnessEvaluator
{
    /// <summary>
    /// Evaluates <paramref name="predictions"/> (one per row of <paramref name="rows"/>, as serving returns them) against the
    /// <paramref name="target"/> column of <paramref name="rows"/>, grouped by each sensitive column of <paramref name="rows"/>
    /// and, when there are several, by their intersection. Binary: the positive class is <c>classes[1]</c>.
    /// </summary>
    public static IReadOnlyList<FairnessColumn> Evaluate(TaskKind task, Table rows, string target, IReadOnlyList<string> sensitive,
        IReadOnlyList<Prediction> predictions, IReadOnlyList<string> classes, FairnessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(sensitive);
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(classes);
        options ??= new FairnessOptions();
        if (predictions.Count != rows.RowCount)
            throw new MLCycleException(ErrorKind.BadData, $"Cannot judge fairness: {rows.RowCount} rows but {predictions.Count} predictions; expected one prediction per row.");
        var missing = sensitive.Concat([target]).Where(c => !rows.Contains(c)).ToList();
        if (missing.Count > 0)
            throw new MLCycleException(ErrorKind.BadSpec,
                $"Cannot judge fairness: column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))} not in the rows; columns are: {string.Join(", ", rows.Columns.Select(c => c.Name))}.");
        if (sensitive.Count == 0) return [];

        var labels = sensitive.Select(name => FairnessGrouping.Labels(rows[name], options)).ToList();
        var scorer = new GroupScorer(task, rows[target], predictions, classes);
        var result = sensitive.Select((name, i) => Judge(name, labels[i], scorer, task, options)).ToList();
        if (options.Intersection && sensitive.Count > 1)
        {
            var joint = Enumerable.Range(0, rows.RowCount).Select(r => string.Join("&", labels.Select(l => l[r]))).ToArray();
            result.Add(Judge(string.Join("&", sensitive), joint, scorer, task, options));
        }
        return result;
    }

    private static FairnessColumn Judge(string column, string[] labels, GroupScorer scorer, TaskKind task, FairnessOptions options)
    {
        var groups = Enumerable.Range(0, labels.Length).GroupBy(r => labels[r], StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => scorer.Score(g.Key, g.ToArray()) with { TooSmall = g.Count() < options.MinGroupSize })
            .ToList();
        var judged = groups.Where(g => !g.TooSmall).ToList();
        var small = groups.Where(g => g.TooSmall).Select(g => $"'{g.Group}' ({g.Count.ToString(CultureInfo.InvariantCulture)})").ToList();
        string? note = judged.Count < 2
            ? $"fewer than two groups have at least {options.MinGroupSize} rows; nothing to compare"
            : small.Count > 0 ? $"too small to judge (under {options.MinGroupSize} rows): {string.Join(", ", small)}" : null;
        var summary = new FairnessColumn { Column = column, Groups = groups, Note = note };
        if (judged.Count < 2) return WithNaN(summary, task);
        return task switch
        {
            TaskKind.Binary => Binary(summary, judged),
            TaskKind.Multiclass => Multiclass(summary, judged),
            _ => summary with
            {
                MeanPredictionDifference = Spread(judged.Select(g => g.MeanPrediction!.Value)),
                MaeDifference = Spread(judged.Select(g => g.Mae!.Value)),
            },
        };
    }

    private static FairnessColumn Binary(FairnessColumn summary, List<FairnessGroup> judged)
    {
        var (selection, tpr, fpr) = (Rates(judged, g => g.SelectionRate!.Value), Rates(judged, g => g.Tpr!.Value), Rates(judged, g => g.Fpr!.Value));
        return summary with
        {
            DemographicParityDifference = selection.Max() - selection.Min(),
            DemographicParityRatio = Ratio(selection),
            EqualizedOddsDifference = Math.Max(tpr.Max() - tpr.Min(), fpr.Max() - fpr.Min()),
            EqualOpportunityDifference = tpr.Max() - tpr.Min(),
        };
    }

    // Fairlearn defines the summaries for one positive class; each class one-vs-rest gets them, and the worst counts.
    private static FairnessColumn Multiclass(FairnessColumn summary, List<FairnessGroup> judged)
    {
        var classes = judged[0].Classes!.Count;
        double[] Of(int c, Func<FairnessClassRates, double> rate) => judged.Select(g => rate(g.Classes![c])).ToArray();
        var perClass = Enumerable.Range(0, classes).Select(c => (Selection: Of(c, r => r.SelectionRate), Tpr: Of(c, r => r.Tpr), Fpr: Of(c, r => r.Fpr))).ToList();
        return summary with
        {
            DemographicParityDifference = perClass.Max(p => p.Selection.Max() - p.Selection.Min()),
            DemographicParityRatio = perClass.Min(p => Ratio(p.Selection)),
            EqualizedOddsDifference = perClass.Max(p => Math.Max(p.Tpr.Max() - p.Tpr.Min(), p.Fpr.Max() - p.Fpr.Min())),
            EqualOpportunityDifference = perClass.Max(p => p.Tpr.Max() - p.Tpr.Min()),
        };
    }

    private static FairnessColumn WithNaN(FairnessColumn summary, TaskKind task) => task == TaskKind.Regression
        ? summary with { MeanPredictionDifference = double.NaN, MaeDifference = double.NaN }
        : summary with
        {
            DemographicParityDifference = double.NaN, DemographicParityRatio = double.NaN,
            EqualizedOddsDifference = double.NaN, EqualOpportunityDifference = double.NaN,
        };

    private static double[] Rates(List<FairnessGroup> groups, Func<FairnessGroup, double> rate) => groups.Select(rate).ToArray();

    private static double Spread(IEnumerable<double> values) => values.Max() - values.Min();

    // 0 / 0 is NaN, as numpy gives Fairlearn when no group is ever selected.
    private static double Ratio(double[] rates) => rates.Max() == 0 ? double.NaN : rates.Min() / rates.Max();

    /// <summary>Scores a subset of rows with the shared metric suite.</summary>
    private sealed class GroupScorer(TaskKind task, TableColumn actual, IReadOnlyList<Prediction> predictions, IReadOnlyList<string> classes)
    {
        private readonly string?[] _labels = actual.FormatAll();

        public FairnessGroup Score(string group, int[] rows)
        {
            var picked = rows.Select(r => predictions[r]).ToList();
            var basic = new FairnessGroup { Group = group, Count = rows.Length };
            if (task == TaskKind.Regression)
            {
                var result = ModelEvaluator.Evaluate(rows.Select(r => actual.Numbers![r]).ToList(), picked);
                return basic with { MeanPrediction = picked.Average(p => p.Value!.Value), Mae = result["mae"] };
            }
            var evaluation = ModelEvaluator.Evaluate(task, rows.Select(r => _labels[r]).ToList(), picked, classes, task == TaskKind.Binary ? classes[1] : null);
            var matrix = evaluation.ConfusionMatrix!;
            if (task == TaskKind.Binary)
            {
                // Rows are actual [negative, positive], columns predicted, as the evaluator orders them.
                var (tn, fp, fn, tp) = (matrix[0][0], matrix[0][1], matrix[1][0], matrix[1][1]);
                return basic with
                {
                    SelectionRate = (double)(fp + tp) / rows.Length,
                    Tpr = Rate(tp, tp + fn),
                    Fpr = Rate(fp, fp + tn),
                    Precision = evaluation["precision"],
                    RocAuc = evaluation["roc_auc"],
                };
            }
            return basic with { Classes = Enumerable.Range(0, matrix.Length).Select(c => OneVsRest(evaluation.Classes[c], matrix, c, rows.Length)).ToList() };
        }

        private static FairnessClassRates OneVsRest(string name, long[][] matrix, int c, int rows)
        {
            long predicted = matrix.Sum(row => row[c]);
            long actualCount = matrix[c].Sum();
            long tp = matrix[c][c];
            return new FairnessClassRates(name, (double)predicted / rows, Rate(tp, actualCount), Rate(predicted - tp, rows - actualCount));
        }

        // scikit-learn's normalised confusion matrix turns 0 / 0 into 0, and Fairlearn's rates read it.
        private static double Rate(long count, long of) => of == 0 ? 0 : (double)count / of;
    }
}
