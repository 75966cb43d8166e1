namespace MLCycle.Pipelines;

/// <summary>The <c>evaluate</c> section: quality gates a model must pass, as written (e.g. "auc >= 0.80").</summary>
public sealed record EvaluateSpec
{
    public IReadOnlyList<string> Gates { get; init; } = [];
}
