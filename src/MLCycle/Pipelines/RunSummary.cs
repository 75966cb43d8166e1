using MLCycle.Data;
using MLCycle.Evaluation;
using MLCycle.Evaluation.Fairness;
using MLCycle.Profiling;
using MLCycle.Training;

namespace MLCycle.Pipelines;

/// <summary>What one `mlcycle run` did: the numbers behind every decision, for the terminal, JSON and the report.</summary>
public sealed record RunSummary
{
    public required string RunId { get; init; }
    public required string ModelName { get; init; }
    public required int ModelVersion { get; init; }
    public required TaskKind Task { get; init; }
    public required string Winner { get; init; }
    public required long Rows { get; init; }
    public required int DuplicatesRemoved { get; init; }
    /// <summary>Rows left out of training because their target was missing.</summary>
    public required int RowsWithoutTarget { get; init; }
    /// <summary>Training rows dropped because a value lay outside the bounds of a column with <c>outliers: remove</c>.</summary>
    public int OutliersRemoved { get; init; }
    public required string DataFingerprint { get; init; }
    public required IReadOnlyList<CandidateSummary> Candidates { get; init; }
    public required IReadOnlyDictionary<string, double> TestMetrics { get; init; }
    public required IReadOnlyDictionary<string, double> BaselineMetrics { get; init; }
    public required FitVerdict Verdict { get; init; }
    /// <summary>How a group or time split was made; null for a random split.</summary>
    public string? Split { get; init; }
    /// <summary>Binary: the model's decision threshold and how it was chosen; null for other tasks.</summary>
    public string? Threshold { get; init; }
    public required IReadOnlyList<GateResult> Gates { get; init; }
    /// <summary>Fairness of the model's test predictions per sensitive column and their intersection; empty without <c>data.sensitive</c>.</summary>
    public IReadOnlyList<FairnessColumn> Fairness { get; init; } = [];
    /// <summary>Binary with <c>train.fairness</c>: the per-group thresholds the model applies; null otherwise.</summary>
    public GroupThresholds? GroupThresholds { get; init; }
    public required PromotionDecision Promotion { get; init; }
    public required string PackagePath { get; init; }
    public required string ReportPath { get; init; }
    public required double Seconds { get; init; }
    /// <summary>Problems the profile found in the training data (duplicates, outliers, leakage...), for people to look at.</summary>
    public IReadOnlyList<DataIssue> DataIssues { get; init; } = [];
    /// <summary>The sources combined into the data, as the spec lists them (passwords hidden); empty when the spec names one <c>data.path</c>.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];
    /// <summary>How the sources were combined, "union" or "join on 'key'"; null without sources.</summary>
    public string? Combine { get; init; }
    /// <summary>Every change combining the sources needed (types widened, columns filled or renamed); none is made silently.</summary>
    public IReadOnlyList<SourceCoercion> Coercions { get; init; } = [];
    /// <summary>The data against the spec's expected population; null when the spec declares none.</summary>
    public PopulationSummary? Population { get; init; }
    /// <summary>Every trial of the search, best first (the leaderboard); empty when the run trained a fixed list.</summary>
    public IReadOnlyList<TrialSummary> Trials { get; init; } = [];
    /// <summary>What the search did, in one sentence (trials, time against the budget, learners dropped); null without a search.</summary>
    public string? Search { get; init; }
    /// <summary>The chosen model's learning curve with what it says; null for an ensemble.</summary>
    public LearningCurve? LearningCurve { get; init; }
    /// <summary>Permutation importance of the chosen model's input columns on the test rows, largest first.</summary>
    public IReadOnlyList<FeatureImportance> Importance { get; init; } = [];
    /// <summary>The chosen model's metrics per slice of the test rows (<c>evaluate.slices</c>); empty without slices.</summary>
    public IReadOnlyList<SliceReport> TestSlices { get; init; } = [];
    /// <summary>The chosen model on every extra test set (<c>evaluate.test_sets</c>): metrics, slices and fairness.</summary>
    public IReadOnlyList<TestSetEvaluation> TestSets { get; init; } = [];
    /// <summary>The model beside the expert's predictions (<c>evaluate.baseline</c>) on the test rows they cover; null without one.</summary>
    public ExpertComparison? Expert { get; init; }
    public bool GatesPassed => Gates.All(g => g.Passed);
}

/// <summary>One trained candidate: its cross-validated primary metric and its held-out test metrics.</summary>
public sealed record CandidateSummary(string Algorithm, string Metric, double CvMean, double CvStd, IReadOnlyDictionary<string, double> TestMetrics, double Seconds, bool IsWinner)
{
    /// <summary>The rounds early stopping chose (e.g. "number_of_iterations 87"); null when the learner trained set rounds.</summary>
    public string? Rounds { get; init; }
}

/// <summary>One trial of the search as the leaderboard shows it, with the child run that records it.</summary>
public sealed record TrialSummary(
    int Number, string Algorithm, string Hyperparameters, string Metric, double CvMean, double CvStd, double Seconds, string? Error, string? RunId);
