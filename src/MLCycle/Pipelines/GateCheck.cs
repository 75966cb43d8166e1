using MLCycle.Evaluation;
using MLCycle.Evaluation.Fairness;
using MLCycle.Metrics;

namespace MLCycle.Pipelines;

/// <summary>Checks before training that every gate, and the ranking metric, names a metric the task produces.</summary>
public static class GateCheck
{
    public static void Verify(PipelineSpec spec, IReadOnlyList<QualityGate> gates, TaskKind task)
    {
        if (spec.Train.Fairness is not null && task != TaskKind.Binary)
        {
            throw new MLCycleException(ErrorKind.BadSpec,
                $"{spec.Where("train.fairness")}: per-group thresholds set a binary model's decisions, but this task is {task.ToString().ToLowerInvariant()}; remove it.");
        }
        var known = MetricKeys.For(task);
        if (spec.Evaluate.Metric is { } metric && !known.Contains(metric))
        {
            throw new MLCycleException(ErrorKind.BadSpec,
                $"{spec.Where("evaluate.metric")}: a {task.ToString().ToLowerInvariant()} model has no metric '{metric}' to rank candidates by; known metrics: {string.Join(", ", known)}.");
        }
        foreach (var gate in gates)
        {
            if (gate.Column is not null)
            {
                VerifyFairness(spec, gate, task);
                continue;
            }
            if (gate.Operator == GateOperator.BeatsExpert && spec.Evaluate.Baseline is null)
                throw new MLCycleException(ErrorKind.BadSpec, $"{spec.Where("evaluate.gates")}: gate '{gate.Text}' compares the model with an expert's predictions; give them with 'evaluate.baseline: FILE'.");
            if (gate.Metric is null || known.Contains(gate.Metric)) continue;
            throw new MLCycleException(ErrorKind.BadSpec,
                $"{spec.Where("evaluate.gates")}: gate '{gate.Text}' names metric '{gate.Metric}', which a {task.ToString().ToLowerInvariant()} model does not have; " +
                $"known metrics: {string.Join(", ", known)}.");
        }
    }

    /// <summary>The columns a fairness gate may name: each sensitive column and, when there are several, their intersection.</summary>
    public static IReadOnlyList<string> FairnessColumns(PipelineSpec spec) =>
        spec.Data.Sensitive.Count > 1 ? [.. spec.Data.Sensitive, string.Join("&", spec.Data.Sensitive)] : spec.Data.Sensitive;

    private static void VerifyFairness(PipelineSpec spec, QualityGate gate, TaskKind task)
    {
        try
        {
            FairnessGates.Verify(gate, FairnessColumns(spec));
        }
        catch (MLCycleException e) when (e.Kind == ErrorKind.BadSpec)
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"{spec.Where("evaluate.gates")}: {e.Message}");
        }
        bool regression = gate.Metric is "mean_prediction_difference" or "mae_difference" or "mean_prediction" or "mae";
        if (regression != (task == TaskKind.Regression) && gate.Metric != "count")
        {
            throw new MLCycleException(ErrorKind.BadSpec,
                $"{spec.Where("evaluate.gates")}: gate '{gate.Text}' names '{gate.Metric}', which a {task.ToString().ToLowerInvariant()} model's fairness does not have.");
        }
    }
}
