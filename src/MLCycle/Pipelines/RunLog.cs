using System.Globalization;
using MLCycle.Evaluation;
using MLCycle.Metrics;
using MLCycle.Profiling;
using MLCycle.Tracking;
using MLCycle.Training;

namespace MLCycle.Pipelines;

/// <summary>Writes what a run decided and measured to the tracking store, in MLflow's vocabulary.</summary>
public static class RunLog
{
    public static Task LogParamsAsync(ITrackingStore tracking, string runId, PipelineSpec spec, TaskKind task, DatasetProfile profile, int duplicatesRemoved, CancellationToken ct)
    {
        var p = new Dictionary<string, string>
        {
            ["data.path"] = spec.DataName,
            ["data.target"] = spec.Data.Target,
            ["data.fingerprint"] = profile.Fingerprint ?? "",
            ["data.rows"] = profile.Rows.ToString(CultureInfo.InvariantCulture),
            ["data.duplicates_removed"] = duplicatesRemoved.ToString(CultureInfo.InvariantCulture),
            ["task"] = task.ToString().ToLowerInvariant(),
            ["prepare.missing"] = spec.Prepare.Missing.ToString().ToLowerInvariant(),
            ["prepare.duplicates"] = spec.Prepare.Duplicates.ToString().ToLowerInvariant(),
            ["prepare.scale"] = spec.Prepare.Scale.ToString().ToLowerInvariant(),
            ["split.test"] = spec.Split.Test.ToString(CultureInfo.InvariantCulture),
            ["split.seed"] = spec.Split.Seed.ToString(CultureInfo.InvariantCulture),
            ["split.stratify"] = spec.Split.Stratify && spec.Split.Group is null && spec.Split.Time is null ? "true" : "false",
            ["train.algorithms"] = string.Join(",", SearchSpace.Algorithms(spec.Train, task, spec.Population?.Weights == true)),
            ["train.cv"] = spec.Train.Cv.ToString(CultureInfo.InvariantCulture),
            ["train.class_weight"] = spec.Train.ClassWeight.ToString().ToLowerInvariant(),
            ["evaluate.gates"] = string.Join("; ", spec.Evaluate.Gates),
            ["monitor.psi"] = spec.Monitor.Psi.ToString(CultureInfo.InvariantCulture),
        };
        if (task == TaskKind.Binary) p["train.threshold"] = (spec.Train.Threshold ?? ThresholdRule.F1).ToString();
        if (spec.Train.Fairness is { } fairness) p["train.fairness"] = $"{fairness.Rate} on {fairness.Column}";
        if (spec.Train.Budget is { } budget) p["train.budget"] = $"{budget.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s";
        if (spec.Train.Trials is { } trials) p["train.trials"] = trials.ToString(CultureInfo.InvariantCulture);
        if (spec.Train.DefaultSearch) p["train.budget"] = "default";
        if (spec.Split.Group is { } group) p["split.group"] = group;
        if (spec.Split.Time is { } time) p["split.time"] = time;
        var t = spec.Prepare.Treatments;
        if (t.Sentinels.Count > 0) p["prepare.sentinels"] = string.Join("; ", t.Sentinels.Select(s => $"{s.Key}: {string.Join(", ", s.Value)}"));
        if (t.Categories is { } c) p["prepare.categories"] = FormattableString.Invariant($"case_fold={c.CaseFold}, min_count={c.MinCount}, min_share={c.MinShare}");
        if (t.Outliers.Count > 0) p["prepare.outliers"] = string.Join("; ", t.Outliers.Select(o => $"{o.Key}: {o.Value.Mode.ToString().ToLowerInvariant()} {o.Value.Describe()}"));
        var tags = new Dictionary<string, string>
        {
            ["data.fingerprint"] = profile.Fingerprint ?? "",
            ["data.sensitive"] = string.Join(",", spec.Data.Sensitive),
        };
        return tracking.LogBatchAsync(runId, [], Params(p), Tags(tags), ct);
    }

    /// <summary>The sources and every coercion combining them needed, and the population check with whether training was reweighted.</summary>
    public static Task LogSourcesAndPopulationAsync(ITrackingStore tracking, string runId, PipelineSpec spec, RunSummary summary, CancellationToken ct)
    {
        var p = new Dictionary<string, string>();
        var tags = new Dictionary<string, string>();
        var metrics = new List<Metric>();
        if (summary.Sources.Count > 0)
        {
            p["data.sources"] = string.Join(" | ", summary.Sources);
            p["data.combine"] = summary.Combine ?? "union";
            tags["data.coercions"] = summary.Coercions.Count.ToString(CultureInfo.InvariantCulture);
            for (var i = 0; i < summary.Coercions.Count; i++) tags[$"data.coercion.{i + 1}"] = summary.Coercions[i].ToString();
        }
        if (spec.Population is { } population && summary.Population is { } checkedPopulation)
        {
            foreach (var (column, shares) in population.Shares)
                p[$"population.{column}"] = string.Join(", ", shares.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key}={s.Value}")));
            p["population.weights"] = population.Weights ? "true" : "false";
            tags["training.reweighted"] = checkedPopulation.Reweighted ? "true" : "false";
            tags["population.weighting"] = checkedPopulation.Weighting;
            tags["population.under_represented"] = string.Join("; ", checkedPopulation.UnderRepresented.Select(g => $"{g.Column}={g.Label}"));
            var now = DateTimeOffset.UtcNow;
            foreach (var gap in checkedPopulation.Gaps)
            {
                metrics.Add(new Metric($"population.{gap.Column}.chi_squared", gap.ChiSquared, 0, now));
                metrics.Add(new Metric($"population.{gap.Column}.p_value", gap.PValue, 0, now));
            }
        }
        return tracking.LogBatchAsync(runId, metrics.Where(m => double.IsFinite(m.Value)).ToList(), Params(p), Tags(tags), ct);
    }

    public static Task LogMetricsAsync(ITrackingStore tracking, string runId, TrainingOutcome outcome, EvaluationResult baseline, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var metrics = new List<Metric>();
        var winner = outcome.Candidates.Single(c => c.Algorithm == outcome.Winner);
        metrics.AddRange(Finite(winner.Test.Metrics).Select(m => new Metric($"test.{m.Key}", m.Value, 0, now)));
        metrics.AddRange(Finite(winner.Train.Metrics).Select(m => new Metric($"train.{m.Key}", m.Value, 0, now)));
        metrics.AddRange(Finite(baseline.Metrics).Select(m => new Metric($"baseline.{m.Key}", m.Value, 0, now)));
        foreach (var c in outcome.Candidates)
        {
            for (var fold = 0; fold < c.Folds.Count; fold++)
                metrics.AddRange(Finite(c.Folds[fold].Metrics).Select(m => new Metric($"cv.{c.Algorithm}.{m.Key}", m.Value, fold, now)));
            metrics.AddRange(Finite(c.Test.Metrics).Select(m => new Metric($"test.{c.Algorithm}.{m.Key}", m.Value, 0, now)));
            metrics.Add(new Metric($"seconds.{c.Algorithm}", c.Seconds, 0, now));
        }
        // The learning curve as metrics stepped by training rows, as MLflow steps a metric over epochs.
        if (outcome.LearningCurve is { } curve)
        {
            foreach (var point in curve.Points.Where(p => double.IsFinite(p.TrainMean) && double.IsFinite(p.ValidationMean)))
            {
                metrics.Add(new Metric($"learning_curve.train.{curve.Metric}", point.TrainMean, point.Rows, now));
                metrics.Add(new Metric($"learning_curve.validation.{curve.Metric}", point.ValidationMean, point.Rows, now));
            }
        }
        // Wide data changes how the tree learners were trained; the run says so.
        var p = new Dictionary<string, string>();
        if (WideFeatureRule.Describe(outcome.Model.Inputs.Count) is { } fraction) p["train.feature_fraction"] = fraction;
        if (outcome.Split is { } split) p["split.made"] = split;
        if (outcome.Search is { } search) p["train.search"] = search.Summary;
        // The rounds early stopping chose are a trained setting of each boosted candidate, kept like the spec's params.
        foreach (var c in outcome.Candidates)
            if (c.StoppedRounds is { } stopped) p[$"train.{c.Algorithm}.{stopped.Parameter}"] = stopped.Rounds.ToString(CultureInfo.InvariantCulture);
        if (outcome.Task == TaskKind.Binary) p["model.threshold"] = outcome.Model.DecisionThreshold.ToString("R", CultureInfo.InvariantCulture);
        if (WideFeatureRule.DescribeScreen(outcome.Model.Inputs.Count) is { } screen) p["train.feature_screen"] = screen;
        return tracking.LogBatchAsync(runId, metrics, Params(p), [new RunTag("winner", outcome.Winner), new RunTag("model.algorithm", outcome.Model.Algorithm)], ct);
    }

    public static Task LogDecisionAsync(ITrackingStore tracking, string runId, PromotionDecision decision, FitVerdict verdict, IReadOnlyList<GateResult> gates, CancellationToken ct)
    {
        var tags = new Dictionary<string, string>
        {
            ["promotion"] = decision.Promoted ? "promoted" : "not promoted",
            ["promotion.reason"] = decision.Reason,
            ["fit.verdict"] = verdict.Kind.ToString().ToLowerInvariant(),
            ["fit.explanation"] = verdict.Explanation,
            ["gates"] = string.Join("; ", gates.Select(g => $"{g.Gate}: {(g.Passed ? "pass" : "fail")}")),
        };
        if (decision.Significance is { } significance) tags["promotion.significance"] = significance.ToString();
        // What an approval request shows as the champion's score on the same test rows (PromotionEvidence reads these back).
        var metrics = new List<Metric>();
        if (decision.ChampionVersion is { } champion)
        {
            tags[Registry.PromotionEvidence.ChampionVersionTag] = champion.ToString(CultureInfo.InvariantCulture);
            if (decision.ChampionScore is { } score && double.IsFinite(score))
                metrics.Add(new Metric(Registry.PromotionEvidence.ChampionMetricPrefix + decision.Metric, score, 0, DateTimeOffset.UtcNow));
        }
        return tracking.LogBatchAsync(runId, metrics, [], Tags(tags), ct);
    }

    private static List<Param> Params(Dictionary<string, string> values) => values.Select(v => new Param(v.Key, v.Value)).ToList();

    private static List<RunTag> Tags(Dictionary<string, string> values) => values.Select(v => new RunTag(v.Key, v.Value)).ToList();

    // NaN (e.g. AUC on a one-class fold) is not a measurement; it is left out rather than stored as a number.
    private static IEnumerable<KeyValuePair<string, double>> Finite(IReadOnlyDictionary<string, double> metrics) =>
        metrics.Where(m => double.IsFinite(m.Value));
}
