using MLCycle.Evaluation;
using MLCycle.Evaluation.Fairness;
using MLCycle.Registry;

namespace MLCycle.Reports;

/// <summary>
/// What a version's model card says: the problem it solves, the data and its fingerprint, the test metrics with intervals,
/// slices, fairness, importance, the limitations found, and the promotion decision with who and why. <see cref="Missing"/>
/// names what could not be shown (an older version, a spec without <c>problem:</c>), so the card never hides a gap.
/// </summary>
public sealed record ModelCard
{
    public required string Name { get; init; }
    public required int Version { get; init; }
    public required TaskKind Task { get; init; }
    public required string Target { get; init; }
    public required string Algorithm { get; init; }
    public string? RunId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public ProblemStatement? Problem { get; init; }
    public long DataRows { get; init; }
    public int DataColumns { get; init; }
    public string? DataFingerprint { get; init; }
    public IReadOnlyList<string> Classes { get; init; } = [];
    public double? DecisionThreshold { get; init; }
    /// <summary>Test metrics, scikit-learn names.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
    public IReadOnlyDictionary<string, MetricInterval> Intervals { get; init; } = new Dictionary<string, MetricInterval>();
    public IReadOnlyList<SliceReport> Slices { get; init; } = [];
    public IReadOnlyList<FairnessColumn> Fairness { get; init; } = [];
    public IReadOnlyList<FeatureImportance> Importance { get; init; } = [];
    public IReadOnlyList<GateResult> Gates { get; init; } = [];
    public IReadOnlyList<string> Limitations { get; init; } = [];
    /// <summary>The chosen model's learning curve from its run and what it says; null when the run drew none.</summary>
    public Training.LearningCurve? LearningCurve { get; init; }
    /// <summary>The run's decision at registration, in words.</summary>
    public string? Decision { get; init; }
    /// <summary>The paired test against the champion at registration; null without a champion.</summary>
    public string? Significance { get; init; }
    /// <summary>Every move of an alias onto or off this version: who, when and why.</summary>
    public IReadOnlyList<AliasChange> History { get; init; } = [];
    public IReadOnlyList<string> Missing { get; init; } = [];
}
