using MLCycle.Data;
using System.Globalization;
using MLCycle.Evaluation;
using MLCycle.Evaluation.Fairness;
using MLCycle.Metrics;
using MLCycle.Registry;
using MLCycle.Tracking;

namespace MLCycle.Serving;

/// <summary>
/// Evaluates a registered model on any labelled file: reads it as raw text so the model parses every value with its own input
/// kinds, scores it (refused rows are counted and listed, never dropped silently), and computes the metric suite, slices,
/// gates and permutation importance, as one <see cref="EvaluationReport"/> that <c>mlcycle evaluate --predictions</c> also returns.
/// </summary>
/// <remarks>Further sections computed on the same scored rows (fairness, explanations) add to the report in <see cref="EvaluateAsync"/>.</remarks>
public sealed class ModelFileEvaluator(IModelRegistry registry, ArtifactStore artifacts)
{
    /// <summary>The most refused rows listed in the report; all of them are counted.</summary>
    public const int MaxListedRefusals = 20;

    public async Task<EvaluationReport> EvaluateAsync(string modelReference, string path, ModelEvaluateOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Gates.FirstOrDefault(g => g.Operator is GateOperator.BeatsBaseline or GateOperator.BeatsExpert) is { } baselineGate)
            throw new MLCycleException(ErrorKind.BadSpec, $"Quality gate '{baselineGate.Text}' needs a run's baseline, which evaluating a file has not; expected '<metric> <op> <number>'.");
        var version = await registry.ResolveAsync(ModelReference.Parse(modelReference), ct);
        using var model = await LoadedModel.LoadAsync(version, artifacts, ct);
        var table = await new TableReader().ReadAsync(path, new TableReadOptions { AllText = true }, ct);
        return Evaluate(model, $"{version.Name} v{version.Version}", table, path, options, ct);
    }

    /// <summary>
    /// Evaluates a loaded model on rows already read (as text, or typed as the run reads them); <paramref name="path"/> names them in
    /// messages. The run scores its extra test sets and slices its test rows through here.
    /// </summary>
    public static EvaluationReport Evaluate(LoadedModel model, string modelLabel, Table table, string path, ModelEvaluateOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        var manifest = model.Manifest;
        string target = options.Target ?? manifest.Target;
        if (!table.Contains(target))
            throw new MLCycleException(ErrorKind.BadSpec, $"'{path}' has no column '{target}' (the label{(options.Target is null ? ", the model's target" : ", --target")}); found columns: {string.Join(", ", table.Columns.Select(c => c.Name))}.");
        foreach (var slice in options.Slices.Where(s => !table.Contains(s.Column)))
            throw new MLCycleException(ErrorKind.BadSpec, $"'{path}' has no column '{slice.Column}' to slice by; found columns: {string.Join(", ", table.Columns.Select(c => c.Name))}.");

        foreach (var column in (options.Sensitive ?? []).Where(c => !table.Contains(c)))
            throw new MLCycleException(ErrorKind.BadSpec, $"'{path}' has no column '{column}' to judge fairness over (--sensitive); found columns: {string.Join(", ", table.Columns.Select(c => c.Name))}.");

        var scored = LabelledScoring.Score(model, table, target);
        if (scored.Rows.Count == 0)
            throw new MLCycleException(ErrorKind.BadData, $"'{path}': the model scored none of its {table.RowCount} rows; the first was refused at column '{scored.Refused.FirstOrDefault()?.Field}': {scored.Refused.FirstOrDefault()?.Reason}.");
        var all = LabelledScoring.Evaluate(model, scored);
        var metric = PrimaryMetric.For(manifest.Task);
        var sensitive = options.Sensitive ?? SensitiveOf(manifest);
        var unjudged = sensitive.Where(c => !table.Contains(c)).ToList();
        var fairness = Fairness(model, scored, table, target, sensitive.Except(unjudged).ToList());
        var notes = unjudged.Count == 0 ? all.Notes : new Dictionary<string, string>(all.Notes)
        {
            ["fairness"] = $"sensitive column(s) {string.Join(", ", unjudged.Select(c => $"'{c}'"))} of the model are not in '{path}'; not judged",
        };
        return new EvaluationReport
        {
            Source = path,
            Model = modelLabel,
            Rows = scored.Rows.Count,
            RefusedRows = scored.Refused.Count,
            Refused = scored.Refused.Take(MaxListedRefusals).Select(e => new RefusedRow(e.Row + 1, e.Field, e.Reason)).ToList(),
            Task = manifest.Task,
            TaskReason = $"the model's task ({modelLabel})",
            Target = target,
            PositiveClass = manifest.Task == TaskKind.Binary ? manifest.Classes[1] : null,
            Classes = all.Classes,
            Metrics = EvaluationReport.Shown(all),
            Notes = notes,
            ConfusionMatrix = all.ConfusionMatrix,
            PerClass = all.PerClass,
            Slices = options.Slices.Count == 0 ? null : options.Slices.SelectMany(s => Slices(model, scored, table, s)).ToList(),
            Gates = options.Gates.Count == 0 ? null : QualityGates.Evaluate(options.Gates, all, all, fairness: fairness),
            Fairness = fairness.Count == 0 ? null : fairness,
            Importance = options.Importance is { } importance ? LabelledScoring.Importance(model, table, target, metric, importance, ct) : null,
            ImportanceMetric = options.Importance is null ? null : MetricKeys.LegacyAliases.GetValueOrDefault(metric.Key, metric.Key),
            Plots = Plots(manifest, scored),
        };
    }

    private static ScorePlots? Plots(Registry.ModelManifest manifest, LabelledPredictions scored)
    {
        if (manifest.Task == TaskKind.Regression) return ScorePlots.Regression(scored.Values, scored.Predictions.Select(p => p.Value ?? double.NaN).ToArray());
        if (manifest.Task == TaskKind.Multiclass) return ScorePlots.Multiclass(manifest.Classes, scored.Labels, scored.Predictions);
        if (manifest.Task != TaskKind.Binary) return null;
        string positive = manifest.Classes[1];
        return ScorePlots.Binary(scored.Labels.Select(l => l == positive).ToArray(),
            scored.Predictions.Select(p => p.Probabilities?.GetValueOrDefault(positive) ?? 0).ToArray(), manifest.DecisionThreshold ?? 0.5);
    }

    // The manifest keeps the judged columns, their intersection (sex&race) last when there are several.
    private static List<string> SensitiveOf(Registry.ModelManifest manifest)
    {
        var columns = (manifest.Fairness ?? []).Select(f => f.Column).ToList();
        if (columns.Count > 2 && columns[^1] == string.Join("&", columns[..^1])) columns.RemoveAt(columns.Count - 1);
        return columns;
    }

    /// <summary>Fairness of the scored rows over <paramref name="sensitive"/>, as the run judges its test rows.</summary>
    internal static IReadOnlyList<FairnessColumn> Fairness(LoadedModel model, LabelledPredictions scored, Table table, string target, IReadOnlyList<string> sensitive)
    {
        if (sensitive.Count == 0) return [];
        var manifest = model.Manifest;
        var actual = manifest.Task == TaskKind.Regression
            ? TableColumn.FromNumbers(new ColumnInfo(target, ColumnKind.Numeric, "DOUBLE"), scored.Values)
            : TableColumn.FromStrings(new ColumnInfo(target, ColumnKind.Categorical, "VARCHAR"), [.. scored.Labels]);
        var groups = sensitive.Where(c => c != target).Select(c => Typed(table[c].Take(scored.Rows)));
        return FairnessEvaluator.Evaluate(manifest.Task, new Table([actual, .. groups]), target, sensitive, scored.Predictions, manifest.Classes);
    }

    // The file is read as text; a column of numbers is judged as numbers, so many ages are banded as the run bands them.
    private static TableColumn Typed(TableColumn text)
    {
        if (text.Numbers is not null) return text;
        var values = new double[text.Length];
        for (int r = 0; r < values.Length; r++)
        {
            string? s = text.Strings![r];
            if (s is null) values[r] = double.NaN;
            else if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out values[r])) return text;
        }
        return TableColumn.FromNumbers(text.Info with { Kind = ColumnKind.Numeric, SourceType = "DOUBLE" }, values);
    }

    private static IEnumerable<SliceReport> Slices(LoadedModel model, LabelledPredictions scored, Table table, SliceSpec slice) =>
        slice.Group(table[slice.Column], scored.Rows).Select(g => Slice(model, scored, slice.Column, g.Label, g.Rows));

    private static SliceReport Slice(LoadedModel model, LabelledPredictions scored, string column, string? label, int[] rows)
    {
        try
        {
            var result = LabelledScoring.Evaluate(model, scored, rows);
            return new SliceReport(column, label, rows.Length, EvaluationReport.Shown(result), result.Notes);
        }
        // A slice too small or too pure for a metric is reported with why, not failing the whole evaluation.
        catch (MLCycleException e) when (e.Kind is ErrorKind.BadData or ErrorKind.BadSpec)
        {
            return new SliceReport(column, label, rows.Length, new Dictionary<string, double>(), new Dictionary<string, string> { ["*"] = e.Message });
        }
    }
}
