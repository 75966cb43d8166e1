using MLCycle.Data;
using MLCycle.Evaluation;
using MLCycle.Evaluation.Fairness;
using MLCycle.Metrics;
using MLCycle.Profiling;

namespace MLCycle.Reports;

/// <summary>Everything the HTML report of one training run shows; built by the caller so reports do not depend on training code.</summary>
public sealed record RunReport
{
    public required string Title { get; init; }
    public required string RunId { get; init; }
    public required string ModelName { get; init; }
    public int? ModelVersion { get; init; }
    public required TaskKind Task { get; init; }
    /// <summary>The metric that ranked the candidates (the spec's <c>evaluate.metric</c>); null for the task's own.</summary>
    public string? Metric { get; init; }

    /// <summary>The metric that ranked the candidates, with its direction.</summary>
    public MetricDirection RankedBy => PrimaryMetric.For(Task, Metric);
    /// <summary>Profile of the training data; the section says so when it is missing.</summary>
    public DatasetProfile? Profile { get; init; }
    public IReadOnlyList<CandidateRow> Candidates { get; init; } = [];
    /// <summary>The search's trials, best first; empty when the run trained a fixed list.</summary>
    public IReadOnlyList<LeaderboardRow> Leaderboard { get; init; } = [];
    /// <summary>What the search did against its budget, in one sentence; null without a search.</summary>
    public string? Search { get; init; }
    /// <summary>The chosen model's learning curve with what it says; null when none was drawn.</summary>
    public Training.LearningCurve? LearningCurve { get; init; }
    /// <summary>The winning model's metrics on the test set.</summary>
    public required EvaluationResult Test { get; init; }
    /// <summary>The baseline's metrics on the same test set.</summary>
    public EvaluationResult? Baseline { get; init; }
    public FitVerdict? Verdict { get; init; }
    /// <summary>How a group or time split was made; null for a random split.</summary>
    public string? Split { get; init; }
    /// <summary>Binary: the decision threshold and how it was chosen.</summary>
    public string? Threshold { get; init; }
    public IReadOnlyList<GateResult> Gates { get; init; } = [];
    /// <summary>Fairness of the test predictions per sensitive column and their intersection; empty without sensitive columns.</summary>
    public IReadOnlyList<FairnessColumn> Fairness { get; init; } = [];
    /// <summary>How predictions were adjusted for fairness (per-group thresholds), in words; null when they were not.</summary>
    public string? FairnessMitigation { get; init; }
    /// <summary>What happened to the model, e.g. "promoted to champion" or "rejected: gate auc &gt;= 0.8 failed".</summary>
    public string Decision { get; init; } = "";
    /// <summary>The paired test of this version against the champion on the same test rows; null without a champion.</summary>
    public PairedDifference? Significance { get; init; }
    /// <summary>Regression test rows as (actual, predicted); the writer plots at most <see cref="HtmlReportWriter.MaxPlottedPoints"/> of them.</summary>
    public IReadOnlyList<(double Actual, double Predicted)> Residuals { get; init; } = [];
    /// <summary>The plots of the chosen model's test scores; when null the report draws the ROC curve and <see cref="Residuals"/> only.</summary>
    public ScorePlots? Plots { get; init; }
    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;
    /// <summary>The sources combined into the training data (passwords hidden); empty when it came from one path.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];
    /// <summary>How the sources were combined, e.g. "union" or "join on 'id'".</summary>
    public string? Combine { get; init; }
    /// <summary>Every change combining the sources needed.</summary>
    public IReadOnlyList<SourceCoercion> Coercions { get; init; } = [];
    /// <summary>Gaps between the data and the spec's expected population, one per column with expected shares.</summary>
    public IReadOnlyList<BiasPopulationGap> PopulationGaps { get; init; } = [];
    /// <summary>The population check's findings in words (under-represented groups, gaps).</summary>
    public IReadOnlyList<string> PopulationFindings { get; init; } = [];
    /// <summary>How training was weighted toward the population; null when the spec declares no population.</summary>
    public string? Weighting { get; init; }
    /// <summary>Permutation importance of the chosen model's input columns on the test rows, largest first; empty hides the section.</summary>
    public IReadOnlyList<FeatureImportance> Importance { get; init; } = [];
    /// <summary>Metrics per slice of the test rows; empty without slices.</summary>
    public IReadOnlyList<SliceReport> TestSlices { get; init; } = [];
    /// <summary>Extra test sets by name, each evaluated beside the test rows.</summary>
    public IReadOnlyList<(string Name, EvaluationReport Report)> TestSets { get; init; } = [];
    /// <summary>The model beside the expert's predictions on the same test rows; null without an expert.</summary>
    public ExpertComparison? Expert { get; init; }
}
