using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MLCycle.Data;
using MLCycle.Evaluation;
using MLCycle.Evaluation.Fairness;
using MLCycle.Metrics;
using MLCycle.Preparation;
using MLCycle.Profiling;
using MLCycle.Registry;
using MLCycle.Reports;
using MLCycle.Serving;
using MLCycle.Storage;
using MLCycle.Tracking;
using MLCycle.Training;
using MLCycle.Training.Tuning;

namespace MLCycle.Pipelines;

/// <summary>
/// Drives one spec through the lifecycle: profile, prepare, train, evaluate, decide, package, report, publish (register and promote at once).
/// Everything that can be wrong with the spec or the data is checked before anything is written.
/// </summary>
public sealed class PipelineRunner(MLCycleStore store)
{
    /// <summary>The run artifact holding the chosen model's permutation importance on the test rows (a JSON list, largest first).</summary>
    public const string ImportanceFile = "importance.json";

    /// <summary>Tags added to the run beside the runner's own (the agent marks its retraining runs with their trigger).</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>False leaves a winning challenger as <c>challenger</c> for a person to promote (<c>retrain.promote: approval</c>).</summary>
    public bool AutoPromote { get; init; } = true;

    /// <summary>The id the run takes; null makes a new one. <c>mlcycle run --server</c> trains under the id the server gave the
    /// run, so the package's manifest, the report and the card name the run that the server keeps.</summary>
    public string? RunId { get; init; }

    public async Task<RunSummary> RunAsync(PreparedInput input, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var clock = Stopwatch.StartNew();
        var spec = input.Spec;
        var tags = new Dictionary<string, string>(Tags) { ["mlcycle.spec"] = spec.SpecPath, ["mlcycle.task"] = input.Task.ToString().ToLowerInvariant() };
        var name = $"{spec.Name} {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}";
        var run = RunId is null ? await store.Tracking.CreateRunAsync(spec.Name, name, tags, ct) : await store.Tracking.CreateRunWithIdAsync(RunId, spec.Name, name, tags, ct);
        try
        {
            // The run ends as Finished in the same transaction that registers its version (see RunPublisher).
            return await RunStagesAsync(input, run.RunId, progress, clock, ct);
        }
        catch (Exception e)
        {
            await store.Tracking.EndRunAsync(run.RunId, RunStatus.Failed, e.Message, CancellationToken.None);
            throw;
        }
    }

    // Nothing of the run reaches the registry until every artifact is in the store: a kill at any line leaves either no new
    // version (and a Running run that the next open marks Killed) or the whole of it.
    private async Task<RunSummary> RunStagesAsync(
        PreparedInput input, string runId, IProgress<string>? progress, Stopwatch clock, CancellationToken ct)
    {
        var profile = await ProfileAsync(input, progress, ct);
        var data = await PrepareAsync(input, runId, profile, progress, ct);
        var outcome = Train(input, data, progress, ct);
        var trialRuns = await TrialRuns.LogAsync(store.Tracking, input.Spec.Name, runId, outcome, ct);
        GroupThresholds? groupThresholds = null;
        if (input.Spec.Train.Fairness is { } fairness)
        {
            progress?.Report($"Choosing per-group thresholds on '{fairness.Column}' ({fairness.Rate})");
            (outcome, groupThresholds) = FairnessMitigation.Apply(fairness, data.Sensitive, outcome);
            await store.Tracking.LogParamAsync(runId, "fairness.thresholds", string.Join(", ", groupThresholds.Thresholds.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key}={t.Value:R}"))), ct);
        }
        var evaluation = await EvaluateAsync(input, runId, data, outcome, ct);
        var (decision, version) = await DecideAsync(input, runId, outcome, evaluation, ct);
        using var staging = new StagingFolder();
        var (packageHash, manifest) = await PackageAsync(input.Spec, runId, outcome, profile, evaluation.Fairness, groupThresholds, staging, progress, ct);
        var importance = await ImportanceAsync(outcome, staging, progress, ct);
        var (testSlices, testSets) = await EvaluateMoreAsync(input.Spec, runId, version, outcome, staging, progress, ct);
        var summary = Summarise(input, runId, version, profile, data, outcome, evaluation, decision, clock) with
        {
            Trials = TrialRuns.Leaderboard(outcome, trialRuns), Search = outcome.Search?.Summary, GroupThresholds = groupThresholds, Importance = importance,
            TestSlices = testSlices, TestSets = testSets, LearningCurve = outcome.LearningCurve,
        };
        await ReportAsync(input.Spec, runId, summary, profile, evaluation, outcome, staging, progress, ct);
        await ModelCards.WriteAsync(ModelCards.FromRun(input.Spec, summary, manifest, Environment.UserName, DateTimeOffset.UtcNow), staging.PathOf(""), ct);
        return await new RunPublisher(store).PublishAsync(input.Spec, summary, packageHash, staging, progress, ct);
    }

    private static async Task<DatasetProfile> ProfileAsync(PreparedInput input, IProgress<string>? progress, CancellationToken ct)
    {
        var spec = input.Spec;
        progress?.Report("Profiling the data");
        // The target and sensitive columns let the profile look for leakage and class imbalance as well.
        var profileOptions = new ProfileOptions { Target = spec.Data.Target, Sensitive = spec.Data.Sensitive };
        return await new DatasetProfiler().ProfileAsync(input.Snapshot, profileOptions, ct);
    }

    private async Task<PreparedData> PrepareAsync(
        PreparedInput input, string runId, DatasetProfile profile, IProgress<string>? progress, CancellationToken ct)
    {
        var spec = input.Spec;
        var table = input.Table;
        var removed = 0;
        // The expert's rows are matched to the data as read; dropping duplicates keeps each kept row's match.
        var expert = await ExpertBaseline.MatchAsync(spec, table, ct);
        var expertRowOf = expert?.ExpertRowOf;
        if (expert is not null && spec.Prepare.Duplicates == DuplicatesSetting.Drop) expertRowOf = DuplicateRemover.Kept(table).Select(r => expert.ExpertRowOf[r]).ToArray();
        if (spec.Prepare.Duplicates == DuplicatesSetting.Drop) (table, removed) = DuplicateRemover.Remove(table);
        // Weights come from the sensitive columns, so they are taken before ignored columns (which may be sensitive) are dropped.
        var weights = input.Population is { } bias && spec.Population?.Weights == true ? BiasWeights.ForRows(bias, table) : null;
        if (weights is not null) progress?.Report("Weighting training rows toward the expected population");
        // The group or time column may be ignored as a feature and still split the rows.
        var splitBy = SpecRowSplit.From(spec, table);
        // Sensitive columns may be ignored as features and still be judged for fairness on the test rows.
        var sensitive = new Table(spec.Data.Sensitive.Select(c => table[c]).ToList());
        table = table.Without(spec.Data.Ignore);
        await RunLog.LogParamsAsync(store.Tracking, runId, spec, input.Task, profile, removed, ct);
        return new PreparedData(table, removed, weights, splitBy, sensitive) { Expert = expert, ExpertRowOf = expertRowOf };
    }

    private static TrainingOutcome Train(PreparedInput input, PreparedData data, IProgress<string>? progress, CancellationToken ct)
    {
        var spec = input.Spec;
        var request = new TrainingRequest
        {
            Data = data.Table,
            Target = spec.Data.Target,
            Task = input.Task,
            Prepare = PrepareOptions.From(spec.Prepare),
            Algorithms = SearchSpace.Algorithms(spec.Train, input.Task, data.Weights is not null || spec.Train.ClassWeight != ClassWeight.None),
            Folds = spec.Train.Cv,
            Seed = spec.Split.Seed,
            TestFraction = spec.Split.Test,
            Stratify = spec.Split.Stratify,
            PositiveClass = spec.Data.PositiveClass,
            Weights = data.Weights,
            ClassWeight = spec.Train.ClassWeight,
            Metric = spec.Evaluate.Metric,
            SplitBy = data.SplitBy,
            Threshold = spec.Train.Threshold,
            Search = SearchSpace.Options(spec.Train, data.Table.RowCount, data.Table.Columns.Count),
            LearningCurve = true,
        };
        return new ModelTrainer().Train(request, progress, ct);
    }

    private async Task<Evaluation> EvaluateAsync(PreparedInput input, string runId, PreparedData data, TrainingOutcome outcome, CancellationToken ct)
    {
        var winner = outcome.ModelCandidate;
        var baseline = BaselineEvaluation.Evaluate(outcome, input.Spec.Data.Target);
        var verdict = FitDiagnosis.Diagnose(input.Task, winner.Train, winner.Test, baseline, winner.CvMean, outcome.PrimaryMetric);
        var fairness = JudgeFairness(input.Spec, data, outcome);
        var expert = data.Expert is { } matched ? ExpertBaseline.Compare(input.Spec.Evaluate.Baseline!, matched, data.ExpertRowOf!, outcome) : null;
        var gates = QualityGates.Evaluate(input.Gates, winner.Test, baseline, outcome.PrimaryMetric.Key, fairness, expert);
        await RunLog.LogMetricsAsync(store.Tracking, runId, outcome, baseline, ct);
        if (expert is not null)
        {
            var now = DateTimeOffset.UtcNow;
            await store.Tracking.LogBatchAsync(runId, [.. expert.ExpertMetrics.Select(m => new Metric($"expert.{m.Key}", m.Value, 0, now)),
                .. expert.ModelMetrics.Select(m => new Metric($"expert_rows.{m.Key}", m.Value, 0, now))], ct: ct);
        }
        return new Evaluation(baseline, verdict, gates, fairness) { Expert = expert };
    }

    // The test rows' sensitive values are taken from the table, not the model's inputs, joined back by row position.
    private static IReadOnlyList<FairnessColumn> JudgeFairness(PipelineSpec spec, PreparedData data, TrainingOutcome outcome)
    {
        if (spec.Data.Sensitive.Count == 0) return [];
        var target = outcome.TestSet[spec.Data.Target];
        var sensitive = data.Sensitive.Take(outcome.TestRows).Columns.Where(c => c.Name != target.Name);
        var rows = new Table([target, .. sensitive]);
        return FairnessEvaluator.Evaluate(outcome.Task, rows, target.Name, spec.Data.Sensitive, outcome.ModelCandidate.TestPredictions, outcome.Classes);
    }

    // The decision compares against the current champion, so it needs no new version; the number the version will take is
    // read now for the report, and registration refuses it if another run took it meanwhile.
    private async Task<(PromotionDecision Decision, int Version)> DecideAsync(
        PreparedInput input, string runId, TrainingOutcome outcome, Evaluation evaluation, CancellationToken ct)
    {
        var spec = input.Spec;
        var decision = await new ChampionChallenger(store.Registry, store.Artifacts).DecideAsync(
            spec.Name, outcome, outcome.ModelCandidate.Test, evaluation.Baseline, evaluation.Gates.All(g => g.Passed), spec.Data.Target,
            new PromotionRule { RequireSignificance = spec.Evaluate.PromoteIfSignificant, Seed = spec.Split.Seed }, ct);
        if (decision.Promoted && await store.Promotions.IsProtectedAsync(spec.Name, ChampionChallenger.Champion, ct))
        {
            decision = decision with
            {
                Promoted = false, Alias = ChampionChallenger.Challenger, AwaitsApproval = true,
                Reason = $"{decision.Reason}; champion is protected, so the version is registered as challenger and an approval request is filed",
            };
        }
        else if (decision.Promoted && !AutoPromote)
            decision = decision with { Promoted = false, Alias = ChampionChallenger.Challenger, Reason = $"{decision.Reason}; retrain.promote: approval leaves it challenger for a person" };
        await RunLog.LogDecisionAsync(store.Tracking, runId, decision, evaluation.Verdict, evaluation.Gates, ct);
        var models = await store.Registry.ListModelsAsync(ct);
        var latest = models.FirstOrDefault(m => m.Name == spec.Name)?.LatestVersion?.Version ?? 0;
        return (decision, latest + 1);
    }

    private static async Task<(string Hash, ModelManifest Manifest)> PackageAsync(PipelineSpec spec, string runId, TrainingOutcome outcome, DatasetProfile profile,
        IReadOnlyList<FairnessColumn> fairness, GroupThresholds? groupThresholds, StagingFolder staging, IProgress<string>? progress, CancellationToken ct)
    {
        progress?.Report("Packaging the model");
        var manifest = outcome.CreateManifest(spec.Name, profile, runId, new ModelMonitoring { Psi = spec.Monitor.Psi, Performance = spec.Monitor.Performance, Key = spec.Monitor.Key })
            with { Fairness = fairness.Count == 0 ? null : fairness, GroupThresholds = groupThresholds, Problem = spec.Problem, MetricIntervals = Intervals(spec, outcome) };
        return (await ModelPackage.SaveAsync(staging.PathOf("model"), outcome.Model, manifest, ct), manifest);
    }

    // Seeded by the split's seed, so a rerun writes the same intervals into the same manifest.
    private static IReadOnlyDictionary<string, MetricInterval> Intervals(PipelineSpec spec, TrainingOutcome outcome)
    {
        var model = outcome.ModelCandidate;
        var keys = EvaluationReport.Shown(model.Test).Keys.ToList();
        return MetricIntervals.Bootstrap(outcome.TestSet.RowCount, TestResamples.Evaluator(outcome, spec.Data.Target, model.TestPredictions), keys, spec.Split.Seed);
    }

    // Measured through the packaged model's own scoring, so the columns are the inputs a caller sends and the numbers are what
    // serving would see; stored beside the package as a run artifact, since the package's hash is already fixed.
    private static async Task<IReadOnlyList<FeatureImportance>> ImportanceAsync(TrainingOutcome outcome, StagingFolder staging, IProgress<string>? progress, CancellationToken ct)
    {
        progress?.Report("Measuring permutation importance on the test rows");
        using var model = await LoadedModel.LoadAsync(staging.PathOf("model"), ct);
        var importance = LabelledScoring.Importance(model, outcome.TestSet, outcome.Target, outcome.PrimaryMetric, new ImportanceOptions(), ct);
        await File.WriteAllTextAsync(staging.PathOf(ImportanceFile), JsonSerializer.Serialize(importance, ModelPackageJson.Options), ct);
        return importance;
    }

    private async Task<(IReadOnlyList<SliceReport>, IReadOnlyList<TestSetEvaluation>)> EvaluateMoreAsync(
        PipelineSpec spec, string runId, int version, TrainingOutcome outcome, StagingFolder staging, IProgress<string>? progress, CancellationToken ct)
    {
        if (spec.Evaluate.Slices.Count == 0 && spec.Evaluate.TestSets.Count == 0) return ([], []);
        using var model = await LoadedModel.LoadAsync(staging.PathOf("model"), ct);
        var (slices, sets) = await ExtraEvaluation.EvaluateAsync(spec, model, $"{spec.Name} v{version}", outcome.TestSet, progress, ct);
        if (sets.Count > 0) await store.Tracking.LogBatchAsync(runId, ExtraEvaluation.Metrics(sets), ct: ct);
        return (slices, sets);
    }

    private async Task ReportAsync(PipelineSpec spec, string runId, RunSummary summary, DatasetProfile profile, Evaluation evaluation,
        TrainingOutcome outcome, StagingFolder staging, IProgress<string>? progress, CancellationToken ct)
    {
        await RunLog.LogSourcesAndPopulationAsync(store.Tracking, runId, spec, summary, ct);
        progress?.Report("Writing the report");
        await HtmlReportWriter.WriteAsync(RunReportFactory.Create(summary, profile, evaluation.Baseline, outcome), staging.PathOf("report.html"), ct);
        await File.WriteAllTextAsync(staging.PathOf("spec.yaml"), spec.SourceText, ct);
        await File.WriteAllTextAsync(staging.PathOf("profile.json"), JsonSerializer.Serialize(profile, ModelPackageJson.Options), ct);
    }

    private RunSummary Summarise(PreparedInput input, string runId, int version, DatasetProfile profile, PreparedData data,
        TrainingOutcome outcome, Evaluation evaluation, PromotionDecision decision, Stopwatch clock)
    {
        var spec = input.Spec;
        return new RunSummary
        {
            RunId = runId,
            ModelName = spec.Name,
            ModelVersion = version,
            Task = input.Task,
            Winner = outcome.Model.Algorithm,
            Rows = data.Table.RowCount,
            DuplicatesRemoved = data.DuplicatesRemoved,
            RowsWithoutTarget = outcome.RowsWithoutTarget,
            OutliersRemoved = outcome.RowsRemovedAsOutliers,
            DataFingerprint = input.Snapshot.Fingerprint ?? "",
            Candidates = outcome.Candidates.Select(c => Summarise(c, outcome)).ToList(),
            TestMetrics = outcome.ModelCandidate.Test.Metrics,
            BaselineMetrics = evaluation.Baseline.Metrics,
            Verdict = evaluation.Verdict,
            Split = outcome.Split,
            Threshold = outcome.Threshold,
            Gates = evaluation.Gates,
            Fairness = evaluation.Fairness,
            Expert = evaluation.Expert,
            Promotion = decision,
            PackagePath = store.Artifacts.Resolve(runId, "model"),
            ReportPath = store.Artifacts.Resolve(runId, "report.html"),
            Seconds = clock.Elapsed.TotalSeconds,
            DataIssues = profile.Issues,
            Sources = spec.Sources.Select(s => SourceAddress.Display(s.Path)).ToList(),
            Combine = spec.Sources.Count == 0 ? null : spec.Data.JoinOn is { } key ? $"join on '{key}'" : "union",
            Coercions = input.Sources?.Coercions ?? [],
            Population = input.Population is { } checkedPopulation ? PopulationSummary.Create(checkedPopulation, data.Weights) : null,
        };
    }

    private static CandidateSummary Summarise(CandidateResult c, TrainingOutcome outcome) =>
        new(c.Algorithm, outcome.PrimaryMetric.Key, c.CvMean, c.CvStd, c.Test.Metrics, c.Seconds, c.Algorithm == outcome.Winner)
        {
            Rounds = c.StoppedRounds is { } stopped ? string.Create(CultureInfo.InvariantCulture, $"{stopped.Parameter} {stopped.Rounds}") : null,
        };

    private sealed record PreparedData(Table Table, int DuplicatesRemoved, double[]? Weights, RowSplit? SplitBy, Table Sensitive)
    {
        public ExpertBaseline.Matched? Expert { get; init; }
        public int[]? ExpertRowOf { get; init; }
    }

    private sealed record Evaluation(EvaluationResult Baseline, FitVerdict Verdict, IReadOnlyList<GateResult> Gates, IReadOnlyList<FairnessColumn> Fairness)
    {
        public ExpertComparison? Expert { get; init; }
    }
}
