namespace MLCycle.Registry;

/// <summary>
/// The spec's <c>problem:</c> section, kept in the manifest for the model card: what the model is for, who uses it, the
/// constraints it must respect, the metric that matters and why that metric.
/// </summary>
public sealed record ProblemStatement
{
    public string? Goal { get; init; }
    public string? Users { get; init; }
    public IReadOnlyList<string> Constraints { get; init; } = [];
    public string? Metric { get; init; }
    public string? Why { get; init; }
}
