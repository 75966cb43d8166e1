using MLCycle.Data;
using MLCycle.Metrics;

namespace MLCycle.Evaluation;

/// <summary>
/// Evaluates a file of predictions made elsewhere (<c>mlcycle predict</c>'s output, another tool's, an expert's labels) with the
/// same metric suite as a run.
/// </summary>
/// <remarks>
/// Without <see cref="EvaluateOptions.Task"/> the task is inferred: probability columns make it binary (one or two of them) or
/// multiclass (more); without them, regression when the target and the predictions are all numbers and the target has a
/// fraction or more than <see cref="MaxClassesWithoutProbabilities"/> distinct values; otherwise binary with two labels, multiclass with more.
/// With probability columns the classes are theirs (every class the model knows); without, every label seen, sorted.
/// </remarks>
public sealed class PredictionFileEvaluator
{
    /// <summary>The most distinct numeric labels read as classes rather than values when no probability columns say.</summary>
    public const int MaxClassesWithoutProbabilities = 10;

    /// <summary>The most distinct values a slice column may have.</summary>
    public const int MaxSlices = 100;

    public async Task<EvaluationReport> EvaluateAsync(string path, EvaluateOptions options, PredictionColumns? columns = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        columns ??= new PredictionColumns();
        if (options.Gates.FirstOrDefault(g => g.Operator is GateOperator.BeatsBaseline or GateOperator.BeatsExpert) is { } baselineGate)
            throw new MLCycleException(ErrorKind.BadSpec, $"Quality gate '{baselineGate.Text}' needs a baseline, which a predictions file has not; expected '<metric> <op> <number>'.");
        // Raw text, so that every value is parsed here and a bad one is reported with its row and column.
        var table = await new TableReader().ReadAsync(path, new TableReadOptions { AllText = true }, ct);
        var rows = new ScoredRows(path, table);
        rows.Column(options.Target, "--target");

        var probabilityColumns = ProbabilityColumns(table, columns);
        string? prediction = columns.Prediction ?? (table.Contains(PredictionColumns.DefaultPrediction) || probabilityColumns.Count == 0 ? PredictionColumns.DefaultPrediction : null);
        var (task, reason) = InferTask(rows, options, prediction, probabilityColumns);
        if (options.WeightColumn is { } weight) rows.ReadWeights(weight);

        int positive = -1;
        if (task == TaskKind.Regression)
        {
            rows.ReadRegression(options.Target, prediction ?? PredictionColumns.DefaultPrediction);
            probabilityColumns = new Dictionary<string, string>();
        }
        else
        {
            var classes = Classes(rows, options, prediction, probabilityColumns);
            if (task == TaskKind.Binary && classes.Count != 2)
                throw new MLCycleException(ErrorKind.BadSpec, $"'{path}': a binary task needs exactly 2 classes; found {classes.Count} ({string.Join(", ", classes)}).");
            if (task == TaskKind.Binary) positive = Positive(classes, options.PositiveClass);
            rows.ReadClassification(options.Target, prediction, probabilityColumns, classes, Math.Max(positive, 0));
        }

        var all = Compute(rows, task, positive, null);
        return new EvaluationReport
        {
            Source = path,
            Rows = rows.Count,
            Task = task,
            TaskReason = reason,
            Target = options.Target,
            PositiveClass = positive >= 0 ? rows.Classes[positive] : null,
            Classes = all.Classes,
            PredictionColumn = prediction,
            ProbabilityColumns = probabilityColumns,
            WeightColumn = options.WeightColumn,
            Metrics = EvaluationReport.Shown(all),
            Notes = all.Notes,
            ConfusionMatrix = all.ConfusionMatrix,
            PerClass = all.PerClass,
            Slices = options.SliceColumn is { } slice ? Slices(rows, task, positive, slice) : null,
            Gates = options.Gates.Count == 0 ? null : QualityGates.Evaluate(options.Gates, all, all),
            Plots = Plots(rows, task, positive, prediction is null),
        };
    }

    // Predicted classes read from a column may come from any threshold; only probabilities turned into classes here are known to use 0.5.
    private static ScorePlots? Plots(ScoredRows rows, TaskKind task, int positive, bool thresholdHere)
    {
        if (task == TaskKind.Regression) return ScorePlots.Regression(rows.ActualValues, rows.PredictedValues);
        if (rows.Probabilities is not { } probabilities) return null;
        if (task == TaskKind.Multiclass) return ScorePlots.Multiclass(rows.Classes, rows.Actual, probabilities);
        if (task != TaskKind.Binary) return null;
        return ScorePlots.Binary(rows.Actual.Select(a => a == positive).ToArray(), probabilities.Select(p => p[positive]).ToArray(), thresholdHere ? 0.5 : null);
    }

    private static IReadOnlyDictionary<string, string> ProbabilityColumns(Table table, PredictionColumns columns)
    {
        if (columns.Probabilities is { } given) return given;
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in table.Columns.Where(c => c.Name.StartsWith(PredictionColumns.ProbabilityPrefix, StringComparison.Ordinal) && c.Name.Length > PredictionColumns.ProbabilityPrefix.Length))
            found[column.Name[PredictionColumns.ProbabilityPrefix.Length..]] = column.Name;
        return found;
    }

    private static (TaskKind, string) InferTask(ScoredRows rows, EvaluateOptions options, string? prediction, IReadOnlyDictionary<string, string> probabilities)
    {
        if (options.Task is { } task) return (task, "given with --task");
        if (probabilities.Count > 0)
        {
            return probabilities.Count <= 2
                ? (TaskKind.Binary, probabilities.Count == 1 ? "1 probability column" : "2 probability columns")
                : (TaskKind.Multiclass, $"{probabilities.Count} probability columns");
        }
        var target = rows.Column(options.Target, "--target");
        var predicted = rows.Column(prediction ?? PredictionColumns.DefaultPrediction, "--prediction");
        int distinct = rows.DistinctLabels(target).Count();
        if (rows.AllNumbers(target, out bool targetFraction) && rows.AllNumbers(predicted, out bool predictedFraction)
            && (targetFraction || predictedFraction || distinct > MaxClassesWithoutProbabilities))
            return (TaskKind.Regression, $"numeric target with {(targetFraction || predictedFraction ? "fractional values" : $"{distinct} distinct values")} and no probability columns");
        int labels = rows.DistinctLabels(target).Concat(rows.DistinctLabels(predicted)).Distinct(StringComparer.Ordinal).Count();
        return labels <= 2
            ? (TaskKind.Binary, $"{labels} distinct labels in target and predictions, no probability columns")
            : (TaskKind.Multiclass, $"{labels} distinct labels in target and predictions, no probability columns");
    }

    private static IReadOnlyList<string> Classes(ScoredRows rows, EvaluateOptions options, string? prediction, IReadOnlyDictionary<string, string> probabilities)
    {
        if (probabilities.Count >= 2) return [.. probabilities.Keys];
        var seen = rows.DistinctLabels(rows.Column(options.Target, "--target"))
            .Concat(prediction is null ? [] : rows.DistinctLabels(rows.Column(prediction, "--prediction")))
            .Concat(probabilities.Keys);
        if (options.PositiveClass is { } positive) seen = seen.Append(positive);
        var classes = seen.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (classes.Count < 2)
            throw new MLCycleException(ErrorKind.BadSpec,
                $"'{rows.Source}': only one class ({string.Join(", ", classes)}) in the target and predictions; give --positive CLASS (and --task binary) to name the other.");
        return classes;
    }

    private static int Positive(IReadOnlyList<string> classes, string? positive)
    {
        // The greater class in ordinal order, as scikit-learn's pos_label=1 is for 0/1 and No/Yes labels.
        if (positive is null) return string.CompareOrdinal(classes[0], classes[1]) > 0 ? 0 : 1;
        int index = classes.ToList().IndexOf(positive);
        return index >= 0 ? index
            : throw new MLCycleException(ErrorKind.BadSpec, $"Positive class '{positive}' (--positive) is not one of the classes ({string.Join(", ", classes)}).");
    }

    private static EvaluationResult Compute(ScoredRows rows, TaskKind task, int positive, IReadOnlyList<int>? subset)
    {
        T[] Pick<T>(T[] all) => subset is null ? all : subset.Select(i => all[i]).ToArray();
        double[]? weights = rows.Weights is null ? null : Pick(rows.Weights);
        if (task == TaskKind.Regression) return RegressionMetrics.Compute(Pick(rows.ActualValues), Pick(rows.PredictedValues), weights);
        var input = new ClassificationInput
        {
            Classes = rows.Classes,
            Actual = Pick(rows.Actual),
            Predicted = Pick(rows.Predicted),
            Probabilities = rows.Probabilities is null ? null : Pick(rows.Probabilities),
            Weights = weights,
        };
        return task == TaskKind.Binary ? BinaryMetrics.Compute(input, positive) : MulticlassMetrics.Compute(input);
    }

    private static List<SliceReport> Slices(ScoredRows rows, TaskKind task, int positive, string column)
    {
        var values = rows.Column(column, "--slice");
        var groups = Enumerable.Range(0, rows.Count).GroupBy(values.Format).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (groups.Count > MaxSlices)
            throw new MLCycleException(ErrorKind.BadSpec, $"Column '{column}' (--slice) has {groups.Count} distinct values; expected at most {MaxSlices} to slice by.");
        var slices = new List<SliceReport>();
        foreach (var group in groups)
        {
            var subset = group.ToArray();
            var weights = rows.Weights;
            // A slice whose rows all weigh 0 has no metrics; say so instead of failing the whole evaluation.
            if (weights is not null && subset.All(i => weights[i] == 0))
            {
                slices.Add(new SliceReport(column, group.Key, subset.Length, new Dictionary<string, double>(),
                    new Dictionary<string, string> { ["*"] = "every row of this slice has weight 0" }));
                continue;
            }
            var result = Compute(rows, task, positive, subset);
            slices.Add(new SliceReport(column, group.Key, subset.Length, EvaluationReport.Shown(result), result.Notes));
        }
        return slices;
    }
}
