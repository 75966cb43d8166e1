using System.Globalization;
using MLCycle.Evaluation.Fairness;
using MLCycle.Metrics;

namespace MLCycle.Evaluation;

/// <summary>Checks quality gates against a model's test result and its baseline's.</summary>
public static class QualityGates
{
    // Metrics are computed in floating point, so == allows for rounding in the last digits.
    private const double EqualTolerance = 1e-9;

    /// <summary>
    /// Evaluates every gate; a NaN metric fails its gate. A gate naming a metric the result does not have throws
    /// <see cref="MLCycleException"/> (<see cref="ErrorKind.BadSpec"/>) listing the metrics that are available.
    /// </summary>
    /// <param name="rankedBy">The metric a gate without one (<c>beats_baseline</c>) uses; null for the task's own.</param>
    /// <param name="fairness">The fairness of the model's predictions, which fairness gates (<c>tpr(sex=Female) &gt;= 0.7</c>) check; null when no sensitive columns were judged.</param>
    public static IReadOnlyList<GateResult> Evaluate(IEnumerable<QualityGate> gates, EvaluationResult model, EvaluationResult baseline, string? rankedBy = null,
        IReadOnlyList<FairnessColumn>? fairness = null, ExpertComparison? expert = null)
    {
        ArgumentNullException.ThrowIfNull(gates);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(baseline);
        var results = new List<GateResult>();
        foreach (var gate in gates)
        {
            if (gate.Column is not null)
            {
                results.Add(FairnessGates.Evaluate(gate, fairness ?? []));
                continue;
            }
            string metric = gate.Metric ?? rankedBy ?? PrimaryMetric.For(model.Task).Key;
            if (gate.Operator == GateOperator.BeatsExpert)
            {
                if (expert is null)
                    throw new MLCycleException(ErrorKind.BadSpec, $"Quality gate '{gate.Text}' needs an expert's predictions; give them with 'evaluate.baseline: FILE'.");
                results.Add(BeatsExpert(gate, metric, Lookup(gate, metric, expert.Model, "model"), Lookup(gate, metric, expert.Expert, "expert"), expert.Rows));
                continue;
            }
            double actual = Lookup(gate, metric, model, "model");
            results.Add(gate.Operator == GateOperator.BeatsBaseline
                ? BeatsBaseline(gate, metric, actual, Lookup(gate, metric, baseline, "baseline"))
                : Compare(gate, actual));
        }
        return results;
    }

    private static GateResult BeatsBaseline(QualityGate gate, string metric, double actual, double baseline)
    {
        bool higher = PrimaryMetric.IsHigherBetter(metric);
        bool passed = higher ? actual > baseline : actual < baseline;
        string expected = $"{metric} {(higher ? ">" : "<")} {Format(baseline)} (baseline)";
        return new GateResult(gate.Text, passed, actual, expected);
    }

    private static GateResult BeatsExpert(QualityGate gate, string metric, double actual, double expert, int rows)
    {
        bool higher = PrimaryMetric.IsHigherBetter(metric);
        bool passed = higher ? actual > expert : actual < expert;
        return new GateResult(gate.Text, passed, actual, $"{metric} {(higher ? ">" : "<")} {Format(expert)} (the expert, on the same {rows} test rows)");
    }

    private static GateResult Compare(QualityGate gate, double actual)
    {
        double threshold = gate.Threshold!.Value;
        var (symbol, passed) = gate.Operator switch
        {
            GateOperator.GreaterOrEqual => (">=", actual >= threshold),
            GateOperator.Greater => (">", actual > threshold),
            GateOperator.LessOrEqual => ("<=", actual <= threshold),
            GateOperator.Less => ("<", actual < threshold),
            _ => ("==", Math.Abs(actual - threshold) <= EqualTolerance * Math.Max(1, Math.Abs(threshold))),
        };
        return new GateResult(gate.Text, passed, actual, $"{gate.Metric} {symbol} {Format(threshold)}");
    }

    private static double Lookup(QualityGate gate, string metric, EvaluationResult result, string which)
    {
        if (result.Metrics.TryGetValue(metric, out double value)) return value;
        string available = string.Join(", ", result.Metrics.Keys.Order(StringComparer.Ordinal));
        throw new MLCycleException(ErrorKind.BadSpec,
            $"Quality gate '{gate.Text}': unknown metric '{metric}' for a {result.Task.ToString().ToLowerInvariant()} {which}; expected one of {available}.");
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
