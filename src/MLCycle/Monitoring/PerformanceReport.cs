using MLCycle.Evaluation;

namespace MLCycle.Monitoring;

/// <summary>A model's performance on its logged predictions joined with their outcomes, per window, beside the test metrics it was
/// promoted on. <see cref="Verdict"/> is "ok", "degraded" (the latest window with enough rows breaks the gate), "too few rows" (no window
/// has <see cref="MinimumRows"/>) or "no gate".</summary>
public sealed record PerformanceReport(
    string Model,
    int Version,
    string Window,
    int MinimumRows,
    long LabelledRows,
    IReadOnlyDictionary<string, double> Promoted,
    IReadOnlyList<PerformanceWindow> Windows,
    GateResult? Gate,
    string Verdict)
{
    public bool Degraded => Verdict == "degraded";

    /// <summary>Every version and role of the model's logged predictions with outcomes over the same period, champion and canary
    /// and shadow alike, version order; the windows above are the checked version's alone.</summary>
    public IReadOnlyList<VersionPerformance> Versions { get; init; } = [];
}
