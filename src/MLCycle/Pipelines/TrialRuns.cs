using System.Globalization;
using MLCycle.Tracking;
using MLCycle.Training;
using MLCycle.Training.Tuning;

namespace MLCycle.Pipelines;

/// <summary>
/// Records every trial of a search as a child run of the run, as MLflow does (the <c>mlflow.parentRunId</c> tag): the
/// learner and its hyperparameters as params, the cross-validated mean and sd of the primary metric and the seconds as
/// metrics, and a failed trial as a Failed run with its error. <c>runs list</c> hides children; <c>runs show</c> lists them.
/// </summary>
public static class TrialRuns
{
    /// <summary>The child run id of each trial, by trial number; empty when the run did not search.</summary>
    public static async Task<IReadOnlyDictionary<int, string>> LogAsync(ITrackingStore tracking, string experiment, string parentRunId, TrainingOutcome outcome, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tracking);
        ArgumentNullException.ThrowIfNull(outcome);
        var ids = new Dictionary<int, string>();
        if (outcome.Search is not { } search) return ids;
        var metric = outcome.PrimaryMetric.Key;
        foreach (var trial in search.Trials)
        {
            var tags = new Dictionary<string, string> { [TrackingTags.ParentRunId] = parentRunId, ["mlcycle.trial"] = Text(trial.Number) };
            var run = await tracking.CreateRunAsync(experiment, $"trial {trial.Number} {trial.Algorithm}", tags, ct);
            var parameters = new List<Param> { new("algorithm", trial.Algorithm), new("trial", Text(trial.Number)) };
            parameters.AddRange(trial.Hyperparameters.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => new Param(h.Key, h.Value.ToString("R", CultureInfo.InvariantCulture))));
            var now = DateTimeOffset.UtcNow;
            var metrics = new List<Metric> { new("seconds", trial.Seconds, 0, now) };
            if (!trial.Failed)
            {
                metrics.Add(new Metric($"cv_mean.{metric}", trial.CvMean, 0, now));
                metrics.Add(new Metric($"cv_sd.{metric}", trial.CvStd, 0, now));
            }
            await tracking.LogBatchAsync(run.RunId, metrics.Where(m => double.IsFinite(m.Value)).ToList(), parameters, [], ct);
            await tracking.EndRunAsync(run.RunId, trial.Failed ? RunStatus.Failed : RunStatus.Finished, trial.Error, ct);
            ids[trial.Number] = run.RunId;
        }
        return ids;
    }

    /// <summary>The trials best first by the primary metric (failed ones last), with their child runs.</summary>
    public static IReadOnlyList<TrialSummary> Leaderboard(TrainingOutcome outcome, IReadOnlyDictionary<int, string> runIds)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Search is not { } search) return [];
        var higher = outcome.PrimaryMetric.HigherIsBetter;
        return search.Trials
            .OrderBy(t => double.IsNaN(t.CvMean) ? double.PositiveInfinity : higher ? -t.CvMean : t.CvMean)
            .ThenBy(t => t.Number)
            .Select(t => new TrialSummary(t.Number, t.Algorithm, t.Describe(), outcome.PrimaryMetric.Key, t.CvMean, t.CvStd, t.Seconds, t.Error,
                runIds.GetValueOrDefault(t.Number)))
            .ToList();
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
