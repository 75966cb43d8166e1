using System.Globalization;
using MLCycle.Monitoring;
using Spectre.Console;

namespace MLCycle.Cli.Output;

/// <summary>Drift per feature as a terminal table, drifted features first, then the prediction drift and the verdict.</summary>
public static class DriftView
{
    public static void Write(CliConsole console, MonitorReport report)
    {
        var d = report.Drift;
        console.Ansi.MarkupLine($"[bold]{CliConsole.Escape(report.Model)} v{report.Version}[/]: {d.CurrentRows:N0} rows of {CliConsole.Escape(report.Source)} vs {d.ReferenceRows:N0} training rows (PSI threshold {d.PsiThreshold.ToString(CultureInfo.InvariantCulture)})");
        var table = new Table().AddColumns("feature", "kind", "PSI", "JS", "Wasserstein", "KS", "chi²", "p (BH)", "missing", "drift");
        var rows = d.Features.OrderByDescending(f => f.Drifted).ThenByDescending(f => f.Psi);
        foreach (var f in d.Prediction is null ? rows : rows.Append(d.Prediction))
        {
            table.AddRow(CliConsole.Escape(f == d.Prediction ? "(prediction)" : f.Name), f.Kind.ToString().ToLowerInvariant(), Num(f.Psi), Num(f.JensenShannon), Num(f.Wasserstein),
                Num(f.KsStatistic), Num(f.ChiSquare), P(f.AdjustedPValue), f.CurrentMissing.ToString("N0", CultureInfo.InvariantCulture),
                f.Drifted ? "[red]drift[/]" : f.TooFewRows ? "[yellow]too few rows[/]" : "[green]ok[/]");
        }
        console.Ansi.Write(table);
        if (report.Dropped is { } dropped)
            console.Out.WriteLine(dropped == 0
                ? $"Saw {report.Rows:N0} logged rows; the server logged every row it served."
                : $"Saw {report.Rows:N0} logged rows; could not see {dropped:N0} rows the server served but dropped from its log (queue full or database error).");
        if (report.Logged is { Count: > 0 } logged)
        {
            var byVersion = new Table().AddColumns("version", "role", "logged rows");
            foreach (var l in logged)
                byVersion.AddRow($"v{l.Version}{(l.Version == report.Version ? " (checked)" : "")}", l.Role.ToString().ToLowerInvariant(), l.Rows.ToString("N0", CultureInfo.InvariantCulture));
            console.Ansi.Write(byVersion);
        }
        if (report.Windows is { } windows) WriteWindows(console, report, windows);
        if (report.ScoredRows is { } scored && scored < report.Rows)
            console.Out.WriteLine($"Prediction drift is measured on a fixed uniform sample of {scored:N0} of the {report.Rows:N0} rows (--score-sample); feature drift on every row.");
        if (report.RejectedRows > 0) console.Out.WriteLine($"{report.RejectedRows:N0} row(s) could not be scored, so prediction drift leaves them out.");
        console.Ansi.MarkupLine(d.AnyDrift
            ? $"[red]Drift found[/] in: {CliConsole.Escape(string.Join(", ", d.DriftedFeatures.DefaultIfEmpty("(prediction)")))} (exit code 3)"
            : d.TooFewRows
                ? $"[yellow]Too few rows[/] for a verdict: {d.CurrentRows:N0} seen, {d.MinimumRows:N0} needed (--min-rows)."
                : "[green]No drift[/] above the threshold.");
    }

    /// <summary>One line per window: its rows, the drifted features and the largest PSI, or why it has no verdict.</summary>
    private static void WriteWindows(CliConsole console, MonitorReport report, IReadOnlyList<DriftWindow> windows)
    {
        var table = new Table().AddColumns("window (UTC)", "rows", "drifted features", "max PSI", "prediction PSI", "drift");
        foreach (var w in windows)
        {
            var top = w.Drift.Features.Count == 0 ? null : w.Drift.Features.MaxBy(f => f.Psi);
            table.AddRow(w.Start.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), w.Rows.ToString("N0", CultureInfo.InvariantCulture),
                CliConsole.Escape(string.Join(", ", w.Drift.DriftedFeatures)), top is null ? "" : $"{Num(top.Psi)} ({CliConsole.Escape(top.Name)})", Num(w.Drift.Prediction?.Psi),
                w.Drift.AnyDrift ? "[red]drift[/]" : w.Drift.TooFewRows ? $"[yellow]too few rows[/] (< {w.Drift.MinimumRows:N0})" : "[green]ok[/]");
        }
        console.Ansi.Write(table);
        if (report.UntimedRows > 0) console.Out.WriteLine($"{report.UntimedRows:N0} row(s) had no readable time, so they count overall but in no window.");
    }

    private static string Num(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("0.###", CultureInfo.InvariantCulture) : "";

    private static string P(double? v) => v is { } x && double.IsFinite(x) ? x.ToString(x < 0.001 ? "0.0e0" : "0.###", CultureInfo.InvariantCulture) : "";
}
