using System.Globalization;
using MLCycle.Monitoring.Alerts;
using MLCycle.Pipelines;
using MLCycle.Registry;
using MLCycle.Storage;
using MLCycle.Tracking;

namespace MLCycle.Agent;

/// <summary>
/// Watches the champion of a spec's model with no person in the loop. Each tick is a run of the <c>agent</c> experiment: it checks
/// drift, performance and log drops (<see cref="AgentFindings"/>), posts each finding to the spec's webhooks, and when a finding (or the
/// schedule) is in <c>retrain.on</c> runs the spec again on <see cref="RetrainingData"/>, one retraining at a time per model; the
/// champion comparison and gates decide the new version, and <c>retrain.promote: approval</c> keeps a winner as challenger.
/// </summary>
public sealed class MonitoringAgent(MLCycleStore store, PipelineSpec spec, AgentOptions? options = null)
{
    /// <summary>The experiment holding one run per tick.</summary>
    public const string Experiment = "agent";

    private readonly AgentOptions _options = options ?? new AgentOptions();

    public async Task<AgentTick> TickAsync(IProgress<string>? progress = null, CancellationToken ct = default)
    {
        var at = DateTimeOffset.UtcNow;
        var since = await PreviousTickAsync(ct);
        var tags = new Dictionary<string, string> { ["mlcycle.model"] = spec.Name, ["mlcycle.spec"] = spec.SpecPath };
        var run = await store.Tracking.CreateRunAsync(Experiment, $"{spec.Name} {at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}", tags, ct);
        try
        {
            var findings = new AgentFindings(store, spec, _options);
            var champion = await ChampionAsync(ct);
            if (champion is null) findings.Notes.Add($"no champion of '{spec.Name}' to check; run the spec first");
            else
            {
                progress?.Report($"Checking {champion.Name} v{champion.Version}");
                await findings.CheckAsync(champion, since, run.RunId, at, ct);
            }
            var deliveries = await AlertAsync(findings.Alerts, progress, ct);
            var retrain = await RetrainAsync(findings.Alerts, run.RunId, progress, ct);
            var tick = new AgentTick(run.RunId, spec.Name, champion?.Version, since, findings.Alerts, deliveries, retrain, findings.Notes);
            await LogAsync(tick, findings.Metrics, at, ct);
            await store.Tracking.EndRunAsync(run.RunId, RunStatus.Finished, ct: ct);
            return tick;
        }
        catch (Exception e)
        {
            await store.Tracking.EndRunAsync(run.RunId, RunStatus.Failed, e.Message, CancellationToken.None);
            throw;
        }
    }

    // Rows are checked once: the previous finished tick of this model marks where the new ones start.
    private async Task<DateTimeOffset?> PreviousTickAsync(CancellationToken ct)
    {
        try
        {
            var page = await store.Tracking.SearchRunsAsync(Experiment, 100, null, ct);
            return page.Items.Where(r => r.Status == RunStatus.Finished && r.Tags.GetValueOrDefault("mlcycle.model") == spec.Name)
                .Select(r => (DateTimeOffset?)r.StartTime).Max();
        }
        catch (MLCycleException e) when (e.Kind == ErrorKind.NotFound)
        {
            return null;
        }
    }

    private async Task<ModelVersion?> ChampionAsync(CancellationToken ct)
    {
        try
        {
            return await store.Registry.ResolveAsync(ModelReference.Parse($"{spec.Name}@{ChampionChallenger.Champion}"), ct);
        }
        catch (MLCycleException e) when (e.Kind == ErrorKind.NotFound)
        {
            return null;
        }
    }

    private async Task<IReadOnlyList<AlertDelivery>> AlertAsync(IReadOnlyList<Alert> alerts, IProgress<string>? progress, CancellationToken ct)
    {
        var deliveries = new List<AlertDelivery>();
        if (alerts.Count == 0 || spec.Monitor.Alerts.Count == 0) return deliveries;
        using var sender = new WebhookSender(new WebhookAllowList(_options.Webhooks), _options.Delivery);
        foreach (var alert in alerts)
        {
            foreach (var target in spec.Monitor.Alerts.Where(a => a.On.Contains(alert.Kind)))
            {
                progress?.Report($"Sending the {alert.Kind.ToString().ToLowerInvariant()} alert to {target.Webhook}");
                deliveries.Add(await sender.SendAsync(target.Webhook, alert, ct));
            }
        }
        return deliveries;
    }

    private async Task<RetrainOutcome?> RetrainAsync(IReadOnlyList<Alert> alerts, string agentRunId, IProgress<string>? progress, CancellationToken ct)
    {
        if (spec.Retrain is not { } rule) return null;
        RetrainTrigger? trigger = alerts.Select(a => a.Kind switch
        {
            AlertKind.Drift => RetrainTrigger.Drift,
            AlertKind.Performance => RetrainTrigger.Performance,
            _ => (RetrainTrigger?)null,
        }).FirstOrDefault(t => t is { } found && rule.On.Contains(found));
        if (trigger is null && rule.On.Contains(RetrainTrigger.Schedule)) trigger = RetrainTrigger.Schedule;
        if (trigger is not { } why) return null;
        var word = why.ToString().ToLowerInvariant();
        using var held = RetrainLock.TryAcquire(store.Artifacts.Root, spec.Name);
        if (held is null) return new RetrainOutcome(word, "skipped", null, null, false, null, $"another retraining of '{spec.Name}' is running", 0);
        progress?.Report($"Retraining {spec.Name} ({word})");
        try
        {
            using var data = await RetrainingData.CreateAsync(spec, store.Predictions, ct);
            using var input = await PipelinePreflight.CheckAsync(data.Spec, progress, ct);
            var runner = new PipelineRunner(store)
            {
                Tags = new Dictionary<string, string>
                {
                    ["mlcycle.trigger"] = word,
                    ["mlcycle.agent_run"] = agentRunId,
                    ["mlcycle.retrain.labelled_rows"] = data.LabelledRows.ToString(CultureInfo.InvariantCulture),
                },
                AutoPromote = rule.Promote == RetrainPromotion.Auto,
            };
            var summary = await runner.RunAsync(input, progress, ct);
            var promotion = summary.Promotion;
            return new RetrainOutcome(word, "finished", summary.RunId, summary.ModelVersion, promotion.Promoted, promotion.Alias, promotion.Reason, data.LabelledRows);
        }
        catch (MLCycleException e)
        {
            return new RetrainOutcome(word, "failed", null, null, false, null, e.Message, 0);
        }
    }

    private async Task LogAsync(AgentTick tick, List<Metric> metrics, DateTimeOffset at, CancellationToken ct)
    {
        metrics.Add(new Metric("findings", tick.Findings.Count, 0, at));
        metrics.Add(new Metric("alerts.delivered", tick.Deliveries.Count(d => d.Delivered), 0, at));
        metrics.Add(new Metric("alerts.failed", tick.Deliveries.Count(d => !d.Delivered), 0, at));
        var tags = new List<RunTag>
        {
            new("mlcycle.findings", tick.Findings.Count == 0 ? "none" : string.Join(",", tick.Findings.Select(f => f.Kind.ToString().ToLowerInvariant()))),
        };
        if (tick.Version is { } version) tags.Add(new RunTag("mlcycle.champion_version", version.ToString(CultureInfo.InvariantCulture)));
        if (tick.Since is { } since) tags.Add(new RunTag("mlcycle.since", since.ToString("O", CultureInfo.InvariantCulture)));
        if (tick.Retrain is { } retrain)
        {
            tags.Add(new RunTag("mlcycle.retrain.status", retrain.Status));
            if (retrain.RunId is { } id) tags.Add(new RunTag("mlcycle.retrain.run", id));
        }
        for (var i = 0; i < tick.Deliveries.Count; i++)
        {
            var d = tick.Deliveries[i];
            tags.Add(new RunTag($"mlcycle.alert.{i}", $"{d.Kind.ToString().ToLowerInvariant()} -> {d.Webhook}: {(d.Delivered ? "delivered" : $"not delivered ({d.Error})")} after {d.Attempts} attempt(s)"));
        }
        await store.Tracking.LogBatchAsync(tick.RunId, metrics, tags: tags, ct: ct);
    }
}
