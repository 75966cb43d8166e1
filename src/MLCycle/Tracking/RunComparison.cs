namespace MLCycle.Tracking;

/// <summary>Two runs side by side: every metric with both values and the difference, and the params that differ.</summary>
public sealed record RunComparison(string RunId, string OtherRunId, IReadOnlyList<MetricDifference> Metrics, IReadOnlyList<ParamDifference> Params)
{
    public static RunComparison Create(Run run, Run other)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(other);
        var metrics = run.Metrics.Keys.Union(other.Metrics.Keys).Order(StringComparer.Ordinal)
            .Select(k => new MetricDifference(k, run.Metrics.GetValueOrDefault(k)?.Value, other.Metrics.GetValueOrDefault(k)?.Value))
            .ToList();
        var parameters = run.Params.Keys.Union(other.Params.Keys).Order(StringComparer.Ordinal)
            .Select(k => new ParamDifference(k, run.Params.GetValueOrDefault(k), other.Params.GetValueOrDefault(k)))
            .Where(p => p.Value != p.OtherValue)
            .ToList();
        return new RunComparison(run.RunId, other.RunId, metrics, parameters);
    }
}

/// <summary>A metric in two runs; <see cref="Delta"/> is other minus first when both have it.</summary>
public sealed record MetricDifference(string Key, double? Value, double? OtherValue)
{
    public double? Delta => Value is { } a && OtherValue is { } b ? b - a : null;
}

/// <summary>A param whose value differs between two runs (null where a run lacks it).</summary>
public sealed record ParamDifference(string Key, string? Value, string? OtherValue);
