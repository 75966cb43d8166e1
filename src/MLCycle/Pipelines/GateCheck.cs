using MLCycle.Evaluation;
using MLCycle.Metrics;

namespace MLCycle.Pipelines;

/// <summary>Checks before training that every gate, and the ranking metric, names a metric the task produces.</summary>
public static class GateCheck
{
    public static void Verify(PipelineSpec spec, IReadOnlyList<QualityGate> gates, TaskKind task)
    {
        var known = MetricKeys.For(task);
        if (spec.Evaluate.Metric is { } metric && !known.Contains(metric))
        {
            throw new MLCycleException(ErrorKind.BadSpec,
                $"{spec.Where("evaluate.metric")}: a {task.ToString().ToLowerInvariant()} model has no metric '{metric}' to rank candidates by; known metrics: {string.Join(", ", known)}.");
        }
        foreach (var gate in gates)
        {
            if (gate.Metric is null || known.Contains(gate.Metric)) continue;
            throw new MLCycleException(ErrorKind.BadSpec,
                $"{spec.Where("evaluate.gates")}: gate '{gate.Text}' names metric '{gate.Metric}', which a {task.ToString().ToLowerInvariant()} model does not have; " +
                $"known metrics: {string.Join(", ", known)}.");
        }
    }
}
