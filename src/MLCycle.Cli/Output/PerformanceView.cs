using System.Globalization;
using MLCycle.Monitoring;
using Spectre.Console;

namespace MLCycle.Cli.Output;

/// <summary>Performance per window as a terminal table, the promoted test metrics as the first row, then the gate's verdict.</summary>
public static class PerformanceView
{
    public static void Write(CliConsole console, PerformanceReport report)
    {
        console.Ansi.MarkupLine($"[bold]{CliConsole.Escape(report.Model)} v{report.Version}[/]: {report.LabelledRows:N0} logged predictions with outcomes, in windows of {CliConsole.Escape(report.Window)} (metrics from {report.MinimumRows:N0} rows, --min-rows)");
        var keys = report.Windows.Where(w => w.Metrics is not null).SelectMany(w => w.Metrics!.Keys).Concat(report.Promoted.Keys).Distinct().ToList();
        var table = new Table().AddColumns(["window", "rows", .. keys]);
        table.AddRow(["promoted (test)", "", .. keys.Select(k => report.Promoted.TryGetValue(k, out var v) ? Num(v) : "")]);
        foreach (var w in report.Windows)
        {
            var start = w.Start.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            table.AddRow([start, w.Rows.ToString("N0", CultureInfo.InvariantCulture),
                .. w.Metrics is null ? keys.Select((_, i) => i == 0 ? "[yellow]too few rows[/]" : "") : keys.Select(k => w.Metrics.TryGetValue(k, out var v) ? Num(v) : "")]);
        }
        console.Ansi.Write(table);
        if (report.Versions.Count > 0) WriteVersions(console, report, keys);
        console.Ansi.MarkupLine(report.Verdict switch
        {
            "degraded" => $"[red]Performance degraded[/]: {CliConsole.Escape(report.Gate!.Expected)} broken, found {Num(report.Gate.Actual ?? double.NaN)} in the latest window with enough rows (exit code 3)",
            "ok" => $"[green]Performance holds[/]: {CliConsole.Escape(report.Gate!.Expected)} in the latest window with enough rows ({Num(report.Gate.Actual ?? double.NaN)})",
            "too few rows" => $"[yellow]Too few rows[/] for a verdict: no window has {report.MinimumRows:N0} predictions with outcomes; send more with `mlcycle feedback`.",
            _ => "No performance gate: set monitor.performance in the spec or pass --gate.",
        });
    }

    /// <summary>One row per version and role over the whole period; under a shadow, the answers its requests got, for the comparison.</summary>
    private static void WriteVersions(CliConsole console, PerformanceReport report, IReadOnlyList<string> keys)
    {
        var table = new Table().AddColumns(["version", "role", "rows", .. keys]);
        foreach (var v in report.Versions)
        {
            table.AddRow([$"v{v.Version}", v.Role.ToString().ToLowerInvariant(), v.Rows.ToString("N0", CultureInfo.InvariantCulture), .. Cells(v.Metrics, keys)]);
            if (v.Role == PredictionRole.Shadow)
                table.AddRow(["", "answered, same requests", "", .. Cells(v.AnsweredMetrics, keys)]);
        }
        console.Ansi.Write(table);
    }

    private static IEnumerable<string> Cells(IReadOnlyDictionary<string, double>? metrics, IReadOnlyList<string> keys) =>
        metrics is null ? keys.Select((_, i) => i == 0 ? "[yellow]too few rows[/]" : "") : keys.Select(k => metrics.TryGetValue(k, out var v) ? Num(v) : "");

    private static string Num(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.####", CultureInfo.InvariantCulture);
}
