using System.CommandLine;
using MLCycle.Agent;
using MLCycle.Cli.Output;
using MLCycle.Monitoring;
using MLCycle.Monitoring.Alerts;
using MLCycle.Pipelines;
using MLCycle.Profiling.Drift;

namespace MLCycle.Cli.Commands;

/// <summary>`mlcycle agent --spec mlcycle.yaml [--once] [--allow-webhook HOST]... [--allow-private-webhooks]`: checks the spec's champion on
/// its monitor.schedule, alerts its webhooks and retrains as its retrain section says. With --once: one tick now; exit 0 when nothing was
/// found, 3 when something was (alerts sent, retraining done), 1 when an alert could not be delivered or a retraining failed.</summary>
public static class AgentCommand
{
    public static Command Create(CliConsole console)
    {
        var spec = new Option<string>("--spec") { Description = "The mlcycle.yaml whose model is watched (its monitor and retrain sections).", Required = true };
        var once = new Option<bool>("--once") { Description = "One tick now, then exit (0 nothing found, 3 findings, 1 an alert undelivered or a retraining failed)." };
        var allow = new Option<string[]>("--allow-webhook") { Description = "A host alerts may be posted to over https (repeat for more).", AllowMultipleArgumentsPerToken = true };
        var allowPrivate = new Option<bool>("--allow-private-webhooks") { Description = "Also allow http, and hosts on loopback, private or link-local addresses." };
        var minRows = new Option<int>("--min-rows") { Description = "The fewest rows a drift or performance verdict needs.", DefaultValueFactory = _ => DriftOptions.DefaultMinimumRows };
        var window = new Option<string>("--window") { Description = "Width of the performance windows (the latest with enough outcomes is judged).", DefaultValueFactory = _ => "1d" };
        var command = new Command("agent", "Watch a model with no person in the loop: drift, performance and log-drop alerts to webhooks, and retraining.")
        {
            spec, once, allow, allowPrivate, minRows, window,
        };
        command.SetAction(async (parse, ct) =>
        {
            var loaded = SpecLoader.Load(parse.GetValue(spec)!);
            if (parse.GetValue(minRows) < 1) throw new MLCycleException(ErrorKind.BadSpec, $"--min-rows must be at least 1, found {parse.GetValue(minRows)}.");
            Monitoring.MonitorWindow.ParseLength(parse.GetValue(window)!);
            var options = new AgentOptions
            {
                Webhooks = new WebhookPolicy
                {
                    AllowedHosts = parse.GetValue(allow)?.SelectMany(h => h.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList() ?? [],
                    AllowPrivate = parse.GetValue(allowPrivate),
                },
                MinimumRows = parse.GetValue(minRows),
                PerformanceWindow = parse.GetValue(window)!,
            };
            var json = parse.GetValue(GlobalOptions.Json);
            if (parse.GetValue(once))
            {
                var tick = await TickAsync(console, parse, loaded, options, json, ct);
                return !tick.Succeeded ? ExitCodes.Error : tick.Findings.Count > 0 ? ExitCodes.DriftFound : ExitCodes.Ok;
            }
            if (loaded.Monitor.Schedule is not { } schedule)
                throw new MLCycleException(ErrorKind.BadSpec, $"{loaded.Where("monitor.schedule")}: the agent needs a schedule such as \"0 * * * *\", or --once for one tick now.");
            console.Err.WriteLine($"Watching '{loaded.Name}' on \"{schedule}\" (UTC); Ctrl+C to stop.");
            // One failed tick (a store briefly unreachable, a bad data file) must not stop the watch.
            await MonitorSchedule.Parse(schedule).RunAsync(tickCt => TickAsync(console, parse, loaded, options, json, tickCt), e => console.Error(e.Message), ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<AgentTick> TickAsync(CliConsole console, ParseResult parse, PipelineSpec spec, AgentOptions options, bool json, CancellationToken ct)
    {
        var tick = await console.WithProgressAsync(json, async progress =>
        {
            await using var store = await StoreOpener.OpenExistingAsync(parse, ct);
            return await new MonitoringAgent(store, spec, options).TickAsync(progress, ct);
        });
        if (json) console.WriteJson(tick);
        else AgentTickView.Write(console, tick);
        return tick;
    }
}
