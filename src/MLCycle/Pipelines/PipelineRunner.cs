using System.Diagnostics;
using System.Text.Json;
using MLCycle.Data;
using MLCycle.Evaluation;
using MLCycle.Preparation;
using MLCycle.Profiling;
using MLCycle.Registry;
using MLCycle.Reports;
using MLCycle.Storage;
using MLCycle.Tracking;
using MLCycle.Training;

namespace MLCycle.Pipelines;

/// <summary>
/// Drives one spec through the lifecycle: read, profile, prepare, train, evaluate, package, register, promote, report.
/// Everything that can be wrong with the spec or the data is checked before anything is written.
/// </summary>
public sealed class PipelineRunner(MLCycleStore store)
{
    public async Task<RunSummary> RunAsync(PreparedInput input, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var clock = Stopwatch.StartNew();
        var spec = input.Spec;
        var tags = new Dictionary<string, string> { ["mlcycle.spec"] = spec.SpecPath, ["mlcycle.task"] = input.Task.ToString().ToLowerInvariant() };
        var run = await store.Tracking.CreateRunAsync(spec.Name, $"{spec.Name} {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}", tags, ct);
        try
        {
            var summary = await RunStagesAsync(input, run.RunId, progress, clock, ct);
            await store.Tracking.EndRunAsync(run.RunId, RunStatus.Finished, null, ct);
            return summary;
        }
        catch (Exception e)
        {
            await store.Tracking.EndRunAsync(run.RunId, RunStatus.Failed, e.Message, CancellationToken.None);
            throw;
        }
    }

    private async Task<RunSummary> RunStagesAsync(
        PreparedInput input, string runId, IProgress<string>? progress, Stopwatch clock, CancellationToken ct)
    {
        var (spec, table, task, gates, _) = input;
        progress?.Report("Profiling the data");
        // The target and sensitive columns let the profile look for leakage and class imbalance as well.
        var profileOptions = new ProfileOptions { Target = spec.Data.Target, Sensitive = spec.Data.Sensitive };
        var profile = await new DatasetProfiler().ProfileAsync(input.Snapshot, profileOptions, ct);
        using var staging = new StagingFolder();

        var removed = 0;
        if (spec.Prepare.Duplicates == DuplicatesSetting.Drop) (table, removed) = DuplicateRemover.Remove(table);
        // Weights come from the sensitive columns, so they are taken before ignored columns (which may be sensitive) are dropped.
        var weights = input.Population is { } bias && spec.Population?.Weights == true ? BiasWeights.ForRows(bias, table) : null;
        if (weights is not null) progress?.Report("Weighting training rows toward the expected population");
        table = table.Without(spec.Data.Ignore);
        await RunLog.LogParamsAsync(store.Tracking, runId, spec, task, profile, removed, ct);

        var request = new TrainingRequest
        {
            Data = table,
            Target = spec.Data.Target,
            Task = task,
            Prepare = PrepareOptions.From(spec.Prepare),
            Algorithms = spec.Train.Algorithms,
            Folds = spec.Train.Cv,
            Seed = spec.Split.Seed,
            TestFraction = spec.Split.Test,
            Stratify = spec.Split.Stratify,
            PositiveClass = spec.Data.PositiveClass,
            Weights = weights,
        };
        var outcome = new ModelTrainer().Train(request, progress, ct);
        var winner = outcome.ModelCandidate;
        var baseline = BaselineEvaluation.Evaluate(outcome, spec.Data.Target);
        var verdict = FitDiagnosis.Diagnose(task, winner.Train, winner.Test, baseline);
        var gateResults = QualityGates.Evaluate(gates, winner.Test, baseline);
        await RunLog.LogMetricsAsync(store.Tracking, runId, outcome, baseline, ct);

        progress?.Report("Packaging and registering the model");
        var manifest = outcome.CreateManifest(spec.Name, profile, runId);
        await ModelPackage.SaveAsync(staging.PathOf("model"), outcome.Model, manifest, ct);
        var packagePath = await store.Artifacts.PutDirectoryAsync(runId, "model", staging.PathOf("model"), ct);
        var version = await store.Registry.CreateModelVersionAsync(spec.Name, runId, packagePath, $"{outcome.Model.Algorithm} from run {runId}", ct);

        var decision = await new ChampionChallenger(store.Registry, store.Artifacts).DecideAsync(
            spec.Name, version.Version, outcome, winner.Test, gateResults.All(g => g.Passed), spec.Data.Target, ct);
        await store.Registry.SetAliasAsync(spec.Name, decision.Alias, version.Version, Environment.UserName, decision.Reason, ct);
        await RunLog.LogDecisionAsync(store.Tracking, runId, decision, verdict, gateResults, ct);

        var summary = new RunSummary
        {
            RunId = runId,
            ModelName = spec.Name,
            ModelVersion = version.Version,
            Task = task,
            Winner = outcome.Model.Algorithm,
            Rows = table.RowCount,
            DuplicatesRemoved = removed,
            RowsWithoutTarget = outcome.RowsWithoutTarget,
            OutliersRemoved = outcome.RowsRemovedAsOutliers,
            DataFingerprint = input.Snapshot.Fingerprint ?? "",
            Candidates = outcome.Candidates.Select(c => Summarise(c, outcome)).ToList(),
            TestMetrics = winner.Test.Metrics,
            BaselineMetrics = baseline.Metrics,
            Verdict = verdict,
            Gates = gateResults,
            Promotion = decision,
            PackagePath = store.Artifacts.Resolve(packagePath),
            ReportPath = store.Artifacts.Resolve(runId, "report.html"),
            Seconds = clock.Elapsed.TotalSeconds,
            DataIssues = profile.Issues,
            Sources = spec.Sources.Select(s => SourceAddress.Display(s.Path)).ToList(),
            Combine = spec.Sources.Count == 0 ? null : spec.Data.JoinOn is { } key ? $"join on '{key}'" : "union",
            Coercions = input.Sources?.Coercions ?? [],
            Population = input.Population is { } checkedPopulation ? PopulationSummary.Create(checkedPopulation, weights) : null,
        };
        await RunLog.LogSourcesAndPopulationAsync(store.Tracking, runId, spec, summary, ct);
        progress?.Report("Writing the report");
        await HtmlReportWriter.WriteAsync(RunReportFactory.Create(summary, profile, baseline, outcome), staging.PathOf("report.html"), ct);
        await File.WriteAllTextAsync(staging.PathOf("spec.yaml"), spec.SourceText, ct);
        await File.WriteAllTextAsync(staging.PathOf("profile.json"), JsonSerializer.Serialize(profile, ModelPackageJson.Options), ct);
        foreach (var file in new[] { "report.html", "spec.yaml", "profile.json" })
            await store.Artifacts.PutFileAsync(runId, file, staging.PathOf(file), ct);
        return summary;
    }

    private static CandidateSummary Summarise(CandidateResult c, TrainingOutcome outcome) =>
        new(c.Algorithm, PrimaryMetric.For(outcome.Task).Key, c.CvMean, c.CvStd, c.Test.Metrics, c.Seconds, c.Algorithm == outcome.Winner);
}
