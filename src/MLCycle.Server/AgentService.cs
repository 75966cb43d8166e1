using Microsoft.Extensions.Hosting;
using MLCycle.Agent;
using MLCycle.Monitoring;
using MLCycle.Pipelines;
using MLCycle.Storage;

namespace MLCycle.Server;

/// <summary>`mlcycle serve --agent SPEC`: the agent's ticks inside the server, on the spec's <c>monitor.schedule</c>; a failed tick is
/// logged and the next one runs as planned.</summary>
internal sealed class AgentService(MLCycleStore store, PipelineSpec spec, AgentOptions options, ILogger<AgentService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = MonitorSchedule.Parse(spec.Monitor.Schedule!);
        logger.LogInformation("Agent watching {Model} on \"{Schedule}\" (UTC)", spec.Name, schedule.Text);
        await schedule.RunAsync(async ct =>
        {
            var tick = await new MonitoringAgent(store, spec, options).TickAsync(null, ct);
            logger.LogInformation("Agent tick {Run} on {Model} v{Version}: {Findings} finding(s), {Delivered}/{Alerts} alert(s) delivered, retraining {Retrain}",
                tick.RunId, tick.Model, tick.Version, tick.Findings.Count, tick.Deliveries.Count(d => d.Delivered), tick.Deliveries.Count, tick.Retrain?.Status ?? "none");
        }, e => logger.LogError("Agent tick on {Model} failed: {Message}", spec.Name, e.Message), stoppingToken);
    }

    /// <summary>The service for <paramref name="specPath"/>, refused (bad spec) when the spec has no schedule to tick on.</summary>
    public static PipelineSpec Load(string specPath)
    {
        var spec = SpecLoader.Load(specPath);
        if (spec.Monitor.Schedule is null)
            throw new MLCycleException(ErrorKind.BadSpec, $"{spec.Where("monitor.schedule")}: --agent needs a schedule such as \"0 * * * *\" to run the agent's ticks.");
        return spec;
    }
}
