using MLCycle.Agent;
using Spectre.Console;

namespace MLCycle.Cli.Output;

/// <summary>One agent tick for people: what was checked, each finding, where its alerts went, and the retraining it started.</summary>
public static class AgentTickView
{
    public static void Write(CliConsole console, AgentTick tick)
    {
        var checkedWhat = tick.Version is { } v ? $"{tick.Model} v{v} (champion)" : tick.Model;
        var since = tick.Since is { } s ? $", requests logged since {s:yyyy-MM-dd HH:mm:ss}Z" : ", every logged request";
        console.Ansi.MarkupLine($"[bold]Agent tick[/] {CliConsole.Escape(tick.RunId)}: {CliConsole.Escape(checkedWhat)}{CliConsole.Escape(since)}");
        if (tick.Findings.Count == 0) console.Ansi.MarkupLine("[green]Nothing found[/]");
        foreach (var finding in tick.Findings)
            console.Ansi.MarkupLine($"[red]{finding.Kind.ToString().ToLowerInvariant()}[/]: {CliConsole.Escape(finding.Summary)}");
        foreach (var d in tick.Deliveries)
        {
            console.Ansi.MarkupLine(d.Delivered
                ? $"  alert sent to {CliConsole.Escape(d.Webhook.ToString())} ({d.Attempts} attempt(s))"
                : $"  [red]alert not delivered[/] to {CliConsole.Escape(d.Webhook.ToString())} after {d.Attempts} attempt(s): {CliConsole.Escape(d.Error ?? "")}");
        }
        foreach (var note in tick.Notes) console.Ansi.MarkupLine($"[grey]{CliConsole.Escape(note)}[/]");
        if (tick.Retrain is { } r)
        {
            var what = r.Status switch
            {
                "finished" => $"run {r.RunId} registered v{r.Version} as {r.Alias} ({r.LabelledRows:N0} labelled logged rows added): {r.Reason}",
                _ => $"{r.Status}: {r.Reason}",
            };
            console.Ansi.MarkupLine($"[bold]Retraining[/] ({CliConsole.Escape(r.Trigger)}): {CliConsole.Escape(what)}");
        }
    }
}
