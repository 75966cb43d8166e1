using System.Globalization;
using MLCycle.Storage;
using MLCycle.Tracking;
using Spectre.Console;

namespace MLCycle.Cli.Output;

/// <summary>Terminal tables for runs: a listing, one run, and two runs compared.</summary>
public static class RunViews
{
    public static void WriteList(CliConsole console, Page<Run> page)
    {
        var table = new Table().AddColumns("run", "experiment", "status", "started (UTC)", "seconds", "winner", "test metric");
        foreach (var r in page.Items)
        {
            var seconds = r.EndTime is { } end ? (end - r.StartTime).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) : "";
            var primary = r.Metrics.Keys.FirstOrDefault(k => k is "test.auc" or "test.macro_f1" or "test.rmse");
            var metric = primary is null ? "" : $"{primary[5..]} {Num(r.Metrics[primary].Value)}";
            table.AddRow(CliConsole.Escape(r.RunId[..12]), CliConsole.Escape(r.ExperimentName), Status(r.Status), r.StartTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), seconds, CliConsole.Escape(r.Tags.GetValueOrDefault("model.algorithm", "")), metric);
        }
        console.Ansi.Write(table);
        if (page.NextPageToken is not null) console.Out.WriteLine($"More runs: --page-token {page.NextPageToken}");
    }

    public static void WriteRun(CliConsole console, Run run, IReadOnlyList<ArtifactInfo> artifacts, IReadOnlyList<Run> children)
    {
        console.Ansi.MarkupLine($"[bold]Run {CliConsole.Escape(run.RunId)}[/] ({CliConsole.Escape(run.ExperimentName)}) {Status(run.Status)}");
        if (run.Error is not null) console.Ansi.MarkupLine($"[red]error:[/] {CliConsole.Escape(run.Error)}");
        console.Ansi.Write(KeyValues("param", run.Params));
        console.Ansi.Write(KeyValues("metric", run.Metrics.Where(m => !m.Key.StartsWith("cv.", StringComparison.Ordinal)).ToDictionary(m => m.Key, m => Num(m.Value.Value))));
        console.Ansi.Write(KeyValues("tag", run.Tags));
        foreach (var a in artifacts) console.Out.WriteLine($"artifact: {a.Path} ({a.Length:N0} bytes)");
        if (children.Count > 0) console.Ansi.Write(Children(children));
    }

    // A search's trials, as their child runs recorded them: learner, hyperparameters, cross-validated score, seconds.
    private static Table Children(IReadOnlyList<Run> children)
    {
        var table = new Table().Title($"{children.Count} child run(s)").AddColumns("run", "status", "algorithm", "hyperparameters", "cv mean ± sd", "seconds");
        foreach (var c in children)
        {
            var mean = c.Metrics.FirstOrDefault(m => m.Key.StartsWith("cv_mean.", StringComparison.Ordinal));
            var sd = c.Metrics.FirstOrDefault(m => m.Key.StartsWith("cv_sd.", StringComparison.Ordinal));
            var score = mean.Value is null ? "-" : $"{mean.Key[8..]} {Num(mean.Value.Value)} ± {Num(sd.Value?.Value)}";
            var values = string.Join(", ", c.Params.Where(p => p.Key is not ("algorithm" or "trial")).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
            table.AddRow(CliConsole.Escape(c.RunId[..Math.Min(12, c.RunId.Length)]), Status(c.Status), CliConsole.Escape(c.Params.GetValueOrDefault("algorithm", "")),
                CliConsole.Escape(values.Length == 0 ? "defaults" : values), CliConsole.Escape(score), Num(c.Metrics.GetValueOrDefault("seconds")?.Value));
        }
        return table;
    }

    public static void WriteComparison(CliConsole console, RunComparison c)
    {
        var metrics = new Table().AddColumns("metric", c.RunId[..12], c.OtherRunId[..12], "delta");
        foreach (var m in c.Metrics.Where(m => !m.Key.StartsWith("cv.", StringComparison.Ordinal)))
            metrics.AddRow(CliConsole.Escape(m.Key), Num(m.Value), Num(m.OtherValue), m.Delta is { } d ? d.ToString("+0.####;-0.####;0", CultureInfo.InvariantCulture) : "");
        console.Ansi.Write(metrics);
        if (c.Params.Count == 0) { console.Out.WriteLine("Params: identical."); return; }
        var parameters = new Table().AddColumns("param", c.RunId[..12], c.OtherRunId[..12]);
        foreach (var p in c.Params) parameters.AddRow(CliConsole.Escape(p.Key), CliConsole.Escape(p.Value ?? ""), CliConsole.Escape(p.OtherValue ?? ""));
        console.Ansi.Write(parameters);
    }

    private static Table KeyValues(string kind, IReadOnlyDictionary<string, string> values)
    {
        var table = new Table().AddColumns(kind, "value");
        foreach (var (k, v) in values.OrderBy(p => p.Key, StringComparer.Ordinal)) table.AddRow(CliConsole.Escape(k), CliConsole.Escape(v));
        return table;
    }

    private static string Status(RunStatus status) => status switch
    {
        RunStatus.Finished => "[green]finished[/]",
        RunStatus.Failed => "[red]failed[/]",
        RunStatus.Killed => "[red]killed[/]",
        _ => "[yellow]running[/]",
    };

    // Rounded first, and + 0.0 turns a negative zero positive: -1e-17 would otherwise show as "-0".
    private static string Num(double? v) => v is { } d && double.IsFinite(d) ? (Math.Round(d, 4) + 0.0).ToString("0.####", CultureInfo.InvariantCulture) : "";
}
