using MLCycle.Data;
using MLCycle.Evaluation;
using MLCycle.Serving;
using MLCycle.Tracking;

namespace MLCycle.Pipelines;

/// <summary>
/// The run's evaluation beyond the split's test metrics: slices of the test rows (<c>evaluate.slices</c>) and the packaged model
/// scored on every extra test set (<c>evaluate.test_sets</c>), each with its metrics, slices and fairness, through the same
/// scoring as <c>mlcycle evaluate --model</c>.
/// </summary>
public static class ExtraEvaluation
{
    public static async Task<(IReadOnlyList<SliceReport> TestSlices, IReadOnlyList<TestSetEvaluation> TestSets)> EvaluateAsync(
        PipelineSpec spec, LoadedModel model, string modelLabel, Table testRows, IProgress<string>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(testRows);
        var evaluate = spec.Evaluate;
        IReadOnlyList<SliceReport> slices = [];
        if (evaluate.Slices.Count > 0)
        {
            progress?.Report("Slicing the test rows");
            var options = new ModelEvaluateOptions { Target = spec.Data.Target, Slices = evaluate.Slices, Sensitive = [], Importance = null };
            slices = ModelFileEvaluator.Evaluate(model, modelLabel, testRows, "the test rows", options, ct).Slices ?? [];
        }
        var sets = new List<TestSetEvaluation>();
        foreach (var path in evaluate.TestSets)
        {
            var name = Path.GetFileNameWithoutExtension(path);
            progress?.Report($"Scoring the test set {name}");
            var options = new ModelEvaluateOptions { Target = spec.Data.Target, Slices = evaluate.Slices, Sensitive = spec.Data.Sensitive, Importance = null };
            try
            {
                // Read as text, so the model parses every value with its own input kinds, as serving does.
                var table = await new TableReader().ReadAsync(path, new TableReadOptions { AllText = true }, ct);
                sets.Add(new TestSetEvaluation(name, ModelFileEvaluator.Evaluate(model, modelLabel, table, path, options, ct)));
            }
            catch (MLCycleException e) when (e.Kind is ErrorKind.BadSpec or ErrorKind.BadData)
            {
                throw new MLCycleException(e.Kind, $"{spec.Where("evaluate.test_sets")}: {e.Message}", e);
            }
        }
        return (slices, sets);
    }

    /// <summary>Run metrics <c>test_set.NAME.METRIC</c> for every test set.</summary>
    public static IReadOnlyList<Metric> Metrics(IReadOnlyList<TestSetEvaluation> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        var now = DateTimeOffset.UtcNow;
        return sets.SelectMany(s => s.Report.Metrics.Where(m => double.IsFinite(m.Value)).Select(m => new Metric($"test_set.{s.Name}.{m.Key}", m.Value, 0, now))).ToList();
    }
}
