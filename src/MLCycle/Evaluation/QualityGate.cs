using System.Globalization;
using System.Text.RegularExpressions;

namespace MLCycle.Evaluation;

/// <summary>
/// A condition a model must meet before it is promoted: <c>"auc &gt;= 0.75"</c>, <c>"rmse &lt; 30000"</c>, or
/// <c>"beats_baseline"</c> (on the task's primary metric) / <c>"f1 beats_baseline"</c>; a fairness gate names a sensitive
/// column, <c>"demographic_parity_ratio(race) &gt;= 0.8"</c>, or one of its groups, <c>"tpr(sex=Female) &gt;= 0.7"</c>.
/// </summary>
public sealed partial record QualityGate
{
    private const string Expected =
        "expected '<metric> <op> <number>' with <op> one of >=, >, <=, <, == (e.g. 'auc >= 0.75'), 'beats_baseline', '<metric> beats_baseline', 'beats_expert' " +
        "or a fairness gate such as 'demographic_parity_ratio(sex) >= 0.8' or 'tpr(sex=Female) >= 0.7'";

    /// <summary>The gate as the user wrote it.</summary>
    public required string Text { get; init; }

    /// <summary>The metric key (lower-case); null for a bare <c>beats_baseline</c>, which means the task's primary metric.</summary>
    public string? Metric { get; init; }

    /// <summary>A fairness gate's sensitive column (or intersection, <c>sex&amp;race</c>); null for a model metric.</summary>
    public string? Column { get; init; }

    /// <summary>A per-group fairness gate's group (<c>tpr(sex=Female)</c>); null for a summary over the groups.</summary>
    public string? Group { get; init; }

    public required GateOperator Operator { get; init; }

    /// <summary>The number compared against; null for <see cref="GateOperator.BeatsBaseline"/>.</summary>
    public double? Threshold { get; init; }

    /// <summary>Parses a gate; a text that is not a gate throws <see cref="MLCycleException"/> of kind <see cref="ErrorKind.BadSpec"/>.</summary>
    public static QualityGate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        if (trimmed.Length == 0)
            throw new MLCycleException(ErrorKind.BadSpec, $"Quality gate is empty; {Expected}.");
        var baseline = BaselinePattern().Match(trimmed);
        if (baseline.Success)
        {
            string? metric = baseline.Groups["metric"].Success ? baseline.Groups["metric"].Value.ToLowerInvariant() : null;
            bool expert = baseline.Groups["which"].Value.Equals("expert", StringComparison.OrdinalIgnoreCase);
            return new QualityGate { Text = trimmed, Metric = metric, Operator = expert ? GateOperator.BeatsExpert : GateOperator.BeatsBaseline };
        }

        var comparison = ComparisonPattern().Match(trimmed);
        if (!comparison.Success)
            throw new MLCycleException(ErrorKind.BadSpec, $"Quality gate '{trimmed}' is not understood; {Expected}.");
        string number = comparison.Groups["number"].Value;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double threshold) || !double.IsFinite(threshold))
            throw new MLCycleException(ErrorKind.BadSpec, $"Quality gate '{trimmed}': '{number}' is not a number; {Expected}.");
        return new QualityGate
        {
            Text = trimmed,
            Metric = comparison.Groups["metric"].Value.ToLowerInvariant(),
            Column = comparison.Groups["column"].Success ? comparison.Groups["column"].Value.Trim() : null,
            Group = comparison.Groups["group"].Success ? comparison.Groups["group"].Value.Trim() : null,
            Operator = comparison.Groups["op"].Value switch
            {
                ">=" => GateOperator.GreaterOrEqual,
                ">" => GateOperator.Greater,
                "<=" => GateOperator.LessOrEqual,
                "<" => GateOperator.Less,
                _ => GateOperator.Equal,
            },
            Threshold = threshold,
        };
    }

    [GeneratedRegex(@"^(?:(?<metric>[A-Za-z_][A-Za-z0-9_]*)\s+)?beats_(?<which>baseline|expert)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BaselinePattern();

    // The number group is deliberately loose so that "auc >= high" gets a "not a number" answer rather than "not understood".
    [GeneratedRegex(@"^(?<metric>[A-Za-z_][A-Za-z0-9_]*)(?:\((?<column>[^=()]+)(?:=(?<group>[^()]+))?\))?\s*(?<op>>=|<=|==|>|<)\s*(?<number>\S+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ComparisonPattern();
}
