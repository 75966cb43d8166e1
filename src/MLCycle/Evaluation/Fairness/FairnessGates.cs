using System.Globalization;

namespace MLCycle.Evaluation.Fairness;

/// <summary>
/// Checks fairness gates: a summary over a sensitive column's groups (<c>demographic_parity_ratio(race) &gt;= 0.8</c>) or a
/// rate of one group (<c>tpr(sex=Female) &gt;= 0.7</c>). The result names the groups with the lowest and highest rate, so a
/// failing gate says which group fails.
/// </summary>
public static class FairnessGates
{
    /// <summary>Summaries a gate can name, with the per-group rate each is computed from.</summary>
    public static IReadOnlyDictionary<string, string> Summaries { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["demographic_parity_difference"] = "selection_rate",
        ["demographic_parity_ratio"] = "selection_rate",
        ["equalized_odds_difference"] = "tpr",
        ["equal_opportunity_difference"] = "tpr",
        ["mean_prediction_difference"] = "mean_prediction",
        ["mae_difference"] = "mae",
    };

    /// <summary>Per-group rates a gate can name.</summary>
    public static IReadOnlyList<string> GroupMetrics { get; } = ["selection_rate", "tpr", "fpr", "precision", "roc_auc", "mean_prediction", "mae", "count"];

    /// <summary>
    /// Checks that a fairness gate names a known metric and a judged column (a sensitive column or their intersection); a bad
    /// one throws <see cref="MLCycleException"/> (<see cref="ErrorKind.BadSpec"/>) naming what is available.
    /// </summary>
    public static void Verify(QualityGate gate, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(columns);
        if (gate.Column is null) return;
        if (gate.Operator is GateOperator.BeatsBaseline or GateOperator.BeatsExpert || gate.Metric is null) return;
        var known = gate.Group is null ? Summaries.Keys : GroupMetrics;
        if (!known.Contains(gate.Metric))
        {
            throw new MLCycleException(ErrorKind.BadSpec, gate.Group is null
                ? $"Fairness gate '{gate.Text}': unknown summary '{gate.Metric}'; expected one of {string.Join(", ", Summaries.Keys)} (or a group's rate, e.g. 'tpr(sex=Female)')."
                : $"Fairness gate '{gate.Text}': unknown group metric '{gate.Metric}'; expected one of {string.Join(", ", GroupMetrics)}.");
        }
        if (columns.Count == 0)
            throw new MLCycleException(ErrorKind.BadSpec, $"Fairness gate '{gate.Text}' names column '{gate.Column}', but no sensitive columns are set; list them in 'data.sensitive'.");
        if (!columns.Contains(gate.Column, StringComparer.Ordinal))
            throw new MLCycleException(ErrorKind.BadSpec, $"Fairness gate '{gate.Text}' names column '{gate.Column}', which is not judged; expected one of the sensitive columns: {string.Join(", ", columns)}.");
    }

    /// <summary>Checks one fairness gate against the fairness of the model's predictions.</summary>
    public static GateResult Evaluate(QualityGate gate, IReadOnlyList<FairnessColumn> fairness)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(fairness);
        Verify(gate, fairness.Select(f => f.Column).ToList());
        var column = fairness.First(f => f.Column == gate.Column);
        var metric = gate.Metric!;
        if (gate.Group is { } name)
        {
            var group = column.Groups.FirstOrDefault(g => g.Group == name)
                ?? throw new MLCycleException(ErrorKind.BadSpec,
                    $"Fairness gate '{gate.Text}': column '{column.Column}' has no group '{name}' in the test rows; its groups are: {string.Join(", ", column.Groups.Select(g => g.Group))}.");
            var value = group.Value(metric) ?? double.NaN;
            var small = group.TooSmall ? $"; '{name}' has only {group.Count} rows, too few to judge" : "";
            return Compare(gate, value, $"{Show(column, gate)}{small}", passedOverride: group.TooSmall ? false : null);
        }
        var summary = column.Summary(metric) ?? double.NaN;
        var rate = Summaries[metric];
        var detail = Extremes(column, rate);
        if (metric == "equalized_odds_difference") detail += "; " + Extremes(column, "fpr");
        if (column.Note is { } note) detail += $"; {note}";
        return Compare(gate, summary, $"{Show(column, gate)}; {detail}", passedOverride: null);
    }

    // "lowest selection_rate: Female 0.31 (n=60), highest: Male 0.52 (n=140)"
    private static string Extremes(FairnessColumn column, string rate)
    {
        var rated = column.Judged.Select(g => (Group: g, Value: g.Value(rate))).Where(x => x.Value is { } v && double.IsFinite(v)).ToList();
        if (rated.Count == 0) return $"no group large enough to rate {rate}";
        var low = rated.MinBy(x => x.Value!.Value);
        var high = rated.MaxBy(x => x.Value!.Value);
        return string.Create(CultureInfo.InvariantCulture,
            $"lowest {rate}: {low.Group.Group} {low.Value:0.###} (n={low.Group.Count}), highest: {high.Group.Group} {high.Value:0.###} (n={high.Group.Count})");
    }

    private static string Show(FairnessColumn column, QualityGate gate)
    {
        var symbol = gate.Operator switch
        {
            GateOperator.GreaterOrEqual => ">=",
            GateOperator.Greater => ">",
            GateOperator.LessOrEqual => "<=",
            GateOperator.Less => "<",
            _ => "==",
        };
        var target = gate.Group is null ? column.Column : $"{column.Column}={gate.Group}";
        return $"{gate.Metric}({target}) {symbol} {gate.Threshold!.Value.ToString("G6", CultureInfo.InvariantCulture)}";
    }

    private static GateResult Compare(QualityGate gate, double actual, string expected, bool? passedOverride)
    {
        var threshold = gate.Threshold!.Value;
        // A NaN summary (too few groups to compare) fails, as a NaN metric fails any gate.
        var passed = gate.Operator switch
        {
            GateOperator.GreaterOrEqual => actual >= threshold,
            GateOperator.Greater => actual > threshold,
            GateOperator.LessOrEqual => actual <= threshold,
            GateOperator.Less => actual < threshold,
            _ => Math.Abs(actual - threshold) <= 1e-9 * Math.Max(1, Math.Abs(threshold)),
        };
        return new GateResult(gate.Text, passedOverride ?? passed, actual, expected);
    }
}
