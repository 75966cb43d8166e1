using System.Text.Json.Serialization;
using MLCycle.Metrics;

namespace MLCycle.Evaluation;

/// <summary>
/// The model beside an expert's predictions (<c>evaluate.baseline</c>: people, or the system in place today) on the same test
/// rows, those the expert's file covers; <c>beats_expert</c> compares the two on the ranking metric.
/// </summary>
public sealed record ExpertComparison
{
    /// <summary>The expert's file.</summary>
    public required string Source { get; init; }
    /// <summary>How the file's rows were matched to the data's: "key 'id'" or "row order".</summary>
    public required string MatchedBy { get; init; }
    /// <summary>Test rows the expert covers; both sides are scored on exactly these.</summary>
    public required int Rows { get; init; }
    /// <summary>All test rows of the split.</summary>
    public required int TestRows { get; init; }
    /// <summary>Whether the expert gave probabilities; without them each label counts as certain (probability 1).</summary>
    public required bool Probabilities { get; init; }
    /// <summary>The model's metrics on the covered rows (scikit-learn names, undefined ones left out).</summary>
    public required IReadOnlyDictionary<string, double> ModelMetrics { get; init; }
    /// <summary>The expert's metrics on the covered rows.</summary>
    public required IReadOnlyDictionary<string, double> ExpertMetrics { get; init; }

    // Not required: System.Text.Json refuses a required property it ignores; ExpertBaseline.Compare always sets both.
    /// <summary>The model's full evaluation on the covered rows, which the <c>beats_expert</c> gate reads (legacy keys included).</summary>
    [JsonIgnore]
    public EvaluationResult Model { get; init; } = null!;

    /// <summary>The expert's full evaluation on the covered rows.</summary>
    [JsonIgnore]
    public EvaluationResult Expert { get; init; } = null!;
}
