using System.Globalization;
using MLCycle.Data;
using MLCycle.Evaluation;
using MLCycle.Metrics;
using MLCycle.Training;

namespace MLCycle.Pipelines;

/// <summary>
/// <c>evaluate.baseline</c>: an expert's predictions (a <c>prediction</c> column, and optionally <c>probability_CLASS</c> columns)
/// for rows of the data, matched by <c>evaluate.baseline_key</c> or, when the file has exactly one row per data row, by row order.
/// Anything ambiguous (a key twice in the file, a row count that differs) is refused with the file, row and column.
/// </summary>
public static class ExpertBaseline
{
    /// <summary>The expert's rows as read, and for every data row the expert row that predicts it (-1 when none does).</summary>
    public sealed record Matched(Table Expert, int[] ExpertRowOf, string MatchedBy);

    /// <summary>Reads the expert's file and matches it to the rows of <paramref name="data"/> (the data as read, before duplicates are dropped).</summary>
    public static async Task<Matched?> MatchAsync(PipelineSpec spec, Table data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        if (spec.Evaluate.Baseline is not { } path) return null;
        var expert = await new TableReader().ReadAsync(path, new TableReadOptions { AllText = true }, ct);
        string where = spec.Where("evaluate.baseline");
        if (!expert.Contains(PredictionColumns.DefaultPrediction))
            throw new MLCycleException(ErrorKind.BadSpec, $"{where}: '{path}' has no column '{PredictionColumns.DefaultPrediction}' (the expert's predicted label or value); found columns: {string.Join(", ", expert.Columns.Select(c => c.Name))}.");
        var rowOf = new int[data.RowCount];
        if (spec.Evaluate.BaselineKey is { } key)
        {
            if (!expert.Contains(key))
                throw new MLCycleException(ErrorKind.BadSpec, $"{spec.Where("evaluate.baseline_key")}: '{path}' has no column '{key}' to match rows by; found columns: {string.Join(", ", expert.Columns.Select(c => c.Name))}.");
            var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
            var keys = expert[key];
            for (int r = 0; r < expert.RowCount; r++)
            {
                string? k = keys.Format(r);
                if (k is null) throw new MLCycleException(ErrorKind.BadData, $"{where}: '{path}' row {r + 1}: the key '{key}' is empty; every expert row needs its key.");
                if (!byKey.TryAdd(k, r))
                    throw new MLCycleException(ErrorKind.BadData, $"{where}: '{path}' has key {key} = '{k}' in rows {byKey[k] + 1} and {r + 1}; expected one prediction per key.");
            }
            var dataKeys = data[key];
            for (int r = 0; r < rowOf.Length; r++) rowOf[r] = dataKeys.Format(r) is { } k && byKey.TryGetValue(k, out int e) ? e : -1;
            return new Matched(expert, rowOf, $"key '{key}'");
        }
        if (expert.RowCount != data.RowCount)
        {
            throw new MLCycleException(ErrorKind.BadSpec,
                $"{where}: '{path}' has {expert.RowCount} rows but the data has {data.RowCount}; without 'evaluate.baseline_key' rows are matched by order, which needs exactly one expert row per data row. Add a key column to both and name it in 'evaluate.baseline_key'.");
        }
        for (int r = 0; r < rowOf.Length; r++) rowOf[r] = r;
        return new Matched(expert, rowOf, "row order");
    }

    /// <summary>The model and the expert on the test rows the expert covers. <paramref name="expertRowOf"/> is indexed by the training data's rows.</summary>
    public static ExpertComparison Compare(string source, Matched matched, int[] expertRowOf, TrainingOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(matched);
        ArgumentNullException.ThrowIfNull(outcome);
        var expert = matched.Expert;
        var predicted = expert[PredictionColumns.DefaultPrediction];
        var probabilityColumns = outcome.Task == TaskKind.Regression ? [] : outcome.Classes.Select(c => PredictionColumns.ProbabilityPrefix + c).ToList();
        bool withProbabilities = probabilityColumns.Count > 0 && probabilityColumns.All(expert.Contains);
        var actual = outcome.TestSet[outcome.Target];
        var covered = new List<int>();
        var expertPredictions = new List<Prediction>();
        for (int i = 0; i < outcome.TestRows.Count; i++)
        {
            int e = expertRowOf[outcome.TestRows[i]];
            if (e < 0) continue;
            covered.Add(i);
            expertPredictions.Add(Parse(source, expert, predicted, e, outcome, withProbabilities ? probabilityColumns : null));
        }
        if (covered.Count == 0)
            throw new MLCycleException(ErrorKind.BadData, $"'{source}' ({matched.MatchedBy}) covers none of the {outcome.TestRows.Count} test rows; nothing to compare the model with.");
        var modelPredictions = covered.Select(i => outcome.ModelCandidate.TestPredictions[i]).ToList();
        EvaluationResult Score(IReadOnlyList<Prediction> predictions) => outcome.Task == TaskKind.Regression
            ? ModelEvaluator.Evaluate(covered.Select(i => actual.Numbers![i]).ToList(), predictions)
            : ModelEvaluator.Evaluate(outcome.Task, covered.Select(actual.Format).ToList(), predictions, outcome.Classes, outcome.PositiveClass);
        var (model, expertResult) = (Score(modelPredictions), Score(expertPredictions));
        return new ExpertComparison
        {
            Source = source,
            MatchedBy = matched.MatchedBy,
            Rows = covered.Count,
            TestRows = outcome.TestRows.Count,
            Probabilities = withProbabilities,
            ModelMetrics = EvaluationReport.Shown(model),
            ExpertMetrics = EvaluationReport.Shown(expertResult),
            Model = model,
            Expert = expertResult,
        };
    }

    private static Prediction Parse(string source, Table expert, TableColumn predicted, int row, TrainingOutcome outcome, List<string>? probabilityColumns)
    {
        string? text = predicted.Format(row);
        string At(string column) => $"'{source}' row {row + 1}, column '{column}'";
        if (outcome.Task == TaskKind.Regression)
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
                ? new Prediction(null, null, value)
                : throw new MLCycleException(ErrorKind.BadData, $"{At(PredictionColumns.DefaultPrediction)}: expected a number (the expert's prediction), found '{text}'.");
        }
        if (text is null || !outcome.Classes.Contains(text))
            throw new MLCycleException(ErrorKind.BadData, $"{At(PredictionColumns.DefaultPrediction)}: expected one of the classes ({string.Join(", ", outcome.Classes)}), found '{text}'.");
        var probabilities = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, i) in outcome.Classes.Select((c, i) => (c, i)))
        {
            if (probabilityColumns is null) { probabilities[name] = name == text ? 1 : 0; continue; }
            string? p = expert[probabilityColumns[i]].Format(row);
            if (!double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out double probability) || probability is < 0 or > 1)
                throw new MLCycleException(ErrorKind.BadData, $"{At(probabilityColumns[i])}: expected a probability between 0 and 1, found '{p}'.");
            probabilities[name] = probability;
        }
        return new Prediction(text, probabilities, null);
    }
}
