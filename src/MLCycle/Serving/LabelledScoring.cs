using System.Globalization;
using MLCycle.Data;
using MLCycle.Evaluation;
using MLCycle.Metrics;

namespace MLCycle.Serving;

/// <summary>A model's predictions on labelled rows: the rows it scored, and how many it refused (invalid input or no label) and why.</summary>
public sealed record LabelledPredictions(
    IReadOnlyList<int> Rows, IReadOnlyList<Prediction> Predictions, IReadOnlyList<string?> Labels, double[] Values, IReadOnlyList<InputError> Refused);

/// <summary>
/// Scores labelled rows through a loaded model's own scoring and evaluates the predictions with the run's metric suite; also
/// measures permutation importance per input column. The same path serves <c>mlcycle run</c> and <c>mlcycle evaluate --model</c>.
/// </summary>
public static class LabelledScoring
{
    /// <summary>Scores every row; a row the model refuses, or whose label is missing or not a number (regression), is counted with the reason, never dropped silently.</summary>
    public static LabelledPredictions Score(LoadedModel model, Table table, string target)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(table);
        var result = model.Score(table.Contains(target) ? table.Without([target]) : table);
        var refused = result.Errors.DistinctBy(e => e.Row).ToDictionary(e => e.Row);
        var column = table[target];
        var rows = new List<int>();
        var predictions = new List<Prediction>();
        var labels = new List<string?>();
        var values = new List<double>();
        bool regression = model.Manifest.Task == TaskKind.Regression;
        for (int r = 0; r < table.RowCount; r++)
        {
            if (refused.ContainsKey(r)) continue;
            string? label = column.Format(r);
            double value = double.NaN;
            if (label is null) refused[r] = new InputError(r, target, "the label is missing");
            else if (regression && !(column.Numbers is { } numbers ? double.IsFinite(value = numbers[r])
                : double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value)))
                refused[r] = new InputError(r, target, $"expected a number (the actual value), found '{label}'");
            else if (!regression && !model.Manifest.Classes.Contains(label))
                refused[r] = new InputError(r, target, $"label '{label}' is not one of the model's classes ({string.Join(", ", model.Manifest.Classes)})");
            else
            {
                rows.Add(r);
                predictions.Add(result.Predictions[r]!);
                labels.Add(label);
                values.Add(value);
            }
        }
        return new LabelledPredictions(rows, predictions, labels, [.. values], [.. refused.Values.OrderBy(e => e.Row)]);
    }

    /// <summary>The metric suite on the scored rows, or on a subset of them (indices into <see cref="LabelledPredictions.Rows"/>).</summary>
    public static EvaluationResult Evaluate(LoadedModel model, LabelledPredictions scored, IReadOnlyList<int>? subset = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(scored);
        IReadOnlyList<T> Pick<T>(IReadOnlyList<T> all) => subset is null ? all : subset.Select(i => all[i]).ToList();
        var manifest = model.Manifest;
        return manifest.Task == TaskKind.Regression
            ? ModelEvaluator.Evaluate(Pick(scored.Values), Pick(scored.Predictions))
            : ModelEvaluator.Evaluate(manifest.Task, Pick(scored.Labels), Pick(scored.Predictions), manifest.Classes,
                manifest.Task == TaskKind.Binary ? manifest.Classes[1] : null);
    }

    /// <summary>
    /// Permutation importance of every input column of the model on the rows it scores (refused rows are left out first), by
    /// <paramref name="metric"/> or the task's ranking metric; see <see cref="PermutationImportance"/>.
    /// </summary>
    public static IReadOnlyList<FeatureImportance> Importance(
        LoadedModel model, Table table, string target, MetricDirection? metric = null, ImportanceOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(table);
        var scored = Score(model, table, target);
        var rows = scored.Refused.Count == 0 ? table : table.Take(scored.Rows);
        if (rows.RowCount == 0) return [];
        metric ??= PrimaryMetric.For(model.Manifest.Task);
        // The scikit-learn name (roc_auc) of a legacy ranking key (auc): the same value under the name reports show.
        metric = metric with { Key = MetricKeys.LegacyAliases.GetValueOrDefault(metric.Key, metric.Key) };
        var inputs = model.Manifest.Inputs.Select(i => i.Name).Where(rows.Contains).ToList();
        return PermutationImportance.Compute(rows, inputs, sample => Evaluate(model, Score(model, sample, target)), metric, options, ct);
    }
}
