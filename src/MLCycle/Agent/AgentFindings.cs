using System.Globalization;
using MLCycle.Monitoring;
using MLCycle.Monitoring.Alerts;
using MLCycle.Pipelines;
using MLCycle.Registry;
using MLCycle.Storage;
using MLCycle.Tracking;

namespace MLCycle.Agent;

/// <summary>
/// The three checks of a tick on one model version: drift of the requests logged since the previous tick (no verdict, so no alert,
/// below the minimum rows), performance of the latest window with enough outcomes against the spec's gate, and rows served but not logged.
/// </summary>
internal sealed class AgentFindings(MLCycleStore store, PipelineSpec spec, AgentOptions options)
{
    public List<Alert> Alerts { get; } = [];
    public List<string> Notes { get; } = [];
    public List<Metric> Metrics { get; } = [];

    public async Task CheckAsync(ModelVersion champion, DateTimeOffset? since, string runId, DateTimeOffset at, CancellationToken ct)
    {
        var reference = $"{champion.Name}:{champion.Version}";
        await DriftAsync(champion, reference, since, runId, at, ct);
        await PerformanceAsync(champion, reference, runId, at, ct);
        var dropped = await store.Predictions.CountDroppedAsync(champion.Name, since, ct);
        Metrics.Add(new Metric("drops.rows", dropped, 0, at));
        if (dropped > 0)
        {
            Add(champion, AlertKind.Drops, $"{dropped:N0} served rows of {champion.Name} could not be logged{Since(since)}; drift and performance miss them",
                new Dictionary<string, object?> { ["droppedRows"] = dropped, ["since"] = since }, runId, at);
        }
    }

    private async Task DriftAsync(ModelVersion champion, string reference, DateTimeOffset? since, string runId, DateTimeOffset at, CancellationToken ct)
    {
        MonitorReport report;
        try
        {
            report = await new DriftCheck(store.Registry, store.Predictions, store.Artifacts) { MinimumRows = options.MinimumRows }
                .CheckLoggedAsync(reference, since, window: null, psi: spec.Monitor.Psi, ct);
        }
        catch (MLCycleException e) when (e.Kind == ErrorKind.NotFound)
        {
            Notes.Add($"drift: no requests logged for {reference}{Since(since)}");
            Metrics.Add(new Metric("drift.rows", 0, 0, at));
            return;
        }
        var drift = report.Drift;
        Metrics.Add(new Metric("drift.rows", report.Rows, 0, at));
        Metrics.Add(new Metric("drift.features_drifted", drift.DriftedFeatures.Count, 0, at));
        if (drift.TooFewRows)
        {
            Notes.Add($"drift: too few rows ({report.Rows} logged{Since(since)}, {drift.MinimumRows} needed), no verdict");
            return;
        }
        if (!drift.AnyDrift) return;
        var drifted = drift.Features.Where(f => f.Drifted).ToList();
        var what = drifted.Count > 0
            ? $"{drifted.Count} of {drift.Features.Count} features drifted (PSI >= {drift.PsiThreshold:0.###}): {string.Join(", ", drifted.Select(f => f.Name))}"
            : "the predictions drifted";
        Add(champion, AlertKind.Drift, $"{what}, in {report.Rows:N0} requests logged{Since(since)}", new Dictionary<string, object?>
        {
            ["features"] = drifted.Select(f => f.Name).ToList(),
            ["psi"] = drifted.ToDictionary(f => f.Name, f => Math.Round(f.Psi, 4)),
            ["predictionDrifted"] = drift.Prediction?.Drifted ?? false,
            ["psiThreshold"] = drift.PsiThreshold,
            ["rows"] = report.Rows,
            ["since"] = since,
        }, runId, at);
    }

    private async Task PerformanceAsync(ModelVersion champion, string reference, string runId, DateTimeOffset at, CancellationToken ct)
    {
        var measured = await new PerformanceCheck(store.Registry, store.Predictions, store.Artifacts) { MinimumRows = options.MinimumRows }
            .CheckAsync(reference, options.PerformanceWindow, spec.Monitor.Performance, since: null, ct);
        Metrics.Add(new Metric("performance.labelled_rows", measured.LabelledRows, 0, at));
        if (measured.Gate?.Actual is { } actual) Metrics.Add(new Metric("performance.gate_actual", actual, 0, at));
        if (measured.Verdict is "no gate" or "too few rows")
        {
            Notes.Add($"performance: {measured.Verdict} ({measured.LabelledRows} logged predictions with outcomes, {measured.MinimumRows} needed per window)");
            return;
        }
        if (!measured.Degraded) return;
        var window = measured.Windows.Last(w => w.Metrics is not null);
        Add(champion, AlertKind.Performance, $"performance below the gate '{measured.Gate!.Gate}': {measured.Gate.Actual:0.####} (expected {measured.Gate.Expected}) on {window.Rows:N0} outcomes from {window.Start:yyyy-MM-dd HH:mm}Z",
            new Dictionary<string, object?>
            {
                ["gate"] = measured.Gate.Gate,
                ["actual"] = measured.Gate.Actual,
                ["metrics"] = window.Metrics,
                ["promoted"] = measured.Promoted,
                ["windowStart"] = window.Start,
                ["rows"] = window.Rows,
            }, runId, at);
    }

    private void Add(ModelVersion champion, AlertKind kind, string summary, Dictionary<string, object?> details, string runId, DateTimeOffset at) =>
        Alerts.Add(new Alert(champion.Name, champion.Version, kind, summary, details, at) { AgentRunId = runId });

    private static string Since(DateTimeOffset? since) => since is null ? "" : $" since {since.Value.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}";
}
