using MLCycle.Evaluation;
using MLCycle.Metrics;
using MLCycle.Profiling;
using MLCycle.Reports;
using MLCycle.Training;

namespace MLCycle.Pipelines;

/// <summary>Gathers what the HTML report shows from a finished run.</summary>
public static class RunReportFactory
{
    private const int MaxResidualPoints = 2000;

    public static RunReport Create(RunSummary summary, DatasetProfile profile, EvaluationResult baseline, TrainingOutcome outcome)
    {
        var model = outcome.ModelCandidate;
        return new RunReport
        {
            Title = $"{summary.ModelName} v{summary.ModelVersion}",
            RunId = summary.RunId,
            ModelName = summary.ModelName,
            ModelVersion = summary.ModelVersion,
            Task = summary.Task,
            Metric = outcome.PrimaryMetric.Key,
            Profile = profile,
            Candidates = summary.Candidates.Select(c => new CandidateRow(c.Algorithm, c.CvMean, c.CvStd, c.TestMetrics, c.Seconds, c.IsWinner) { Rounds = c.Rounds }).ToList(),
            Leaderboard = summary.Trials.Select(t => new LeaderboardRow(t.Number, t.Algorithm, t.Hyperparameters, t.CvMean, t.CvStd, t.Seconds, t.Error)).ToList(),
            Search = summary.Search,
            LearningCurve = summary.LearningCurve,
            Test = model.Test,
            Baseline = baseline,
            Verdict = summary.Verdict,
            Split = summary.Split,
            Threshold = summary.Threshold,
            Gates = summary.Gates,
            Fairness = summary.Fairness,
            FairnessMitigation = summary.GroupThresholds?.Reason,
            Decision = $"{(summary.Promotion.Promoted ? "promoted to champion" : $"registered as {summary.Promotion.Alias}")}: {summary.Promotion.Reason}",
            Significance = summary.Promotion.Significance,
            Residuals = outcome.Task == TaskKind.Regression ? Residuals(outcome, model) : [],
            Plots = TestPlots(outcome),
            Sources = summary.Sources,
            Combine = summary.Combine,
            Coercions = summary.Coercions,
            PopulationGaps = summary.Population?.Gaps ?? [],
            PopulationFindings = summary.Population?.Findings ?? [],
            Weighting = summary.Population?.Weighting,
            Importance = summary.Importance,
            TestSlices = summary.TestSlices,
            Expert = summary.Expert,
            TestSets = summary.TestSets.Select(t => (t.Name, t.Report)).ToList(),
        };
    }

    /// <summary>The plots of the chosen model's test predictions: binary curves, multiclass one-vs-rest curves, or regression residuals.</summary>
    public static ScorePlots? TestPlots(TrainingOutcome outcome)
    {
        var model = outcome.ModelCandidate;
        var actual = outcome.TestSet[outcome.Target];
        if (outcome.Task == TaskKind.Regression)
            return ScorePlots.Regression(actual.Numbers!, model.TestPredictions.Select(p => p.Value ?? double.NaN).ToArray());
        var labels = actual.FormatAll();
        if (outcome.Task == TaskKind.Multiclass) return ScorePlots.Multiclass(outcome.Classes, labels, model.TestPredictions);
        if (outcome.Task != TaskKind.Binary || outcome.PositiveClass is not { } positive) return null;
        return ScorePlots.Binary(labels.Select(l => l == positive).ToArray(),
            model.TestPredictions.Select(p => p.Probabilities?.GetValueOrDefault(positive) ?? 0).ToArray(), model.Threshold ?? 0.5);
    }

    private static IReadOnlyList<(double Actual, double Predicted)> Residuals(TrainingOutcome outcome, CandidateResult model)
    {
        var actual = outcome.TestSet[outcome.Target].Numbers!;
        var step = Math.Max(1, actual.Length / MaxResidualPoints);
        var points = new List<(double, double)>();
        for (var i = 0; i < actual.Length; i += step)
            if (model.TestPredictions[i].Value is { } predicted) points.Add((actual[i], predicted));
        return points;
    }
}
