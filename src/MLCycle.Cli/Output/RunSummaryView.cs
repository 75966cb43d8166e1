using System.Globalization;
using MLCycle.Evaluation;
using MLCycle.Metrics;
using MLCycle.Pipelines;
using Spectre.Console;

namespace MLCycle.Cli.Output;

/// <summary>Prints a run's outcome as terminal tables: candidates, test metrics against the baseline, gates, decision.</summary>
public static class RunSummaryView
{
    // Findings a spec treatment addresses; the hint names the key, nothing is applied unless the spec asks for it.
    private static string Hint(string kind) => kind switch
    {
        "sentinel_values" => " [dim](see prepare.sentinels)[/]",
        "inconsistent_categories" => " [dim](see prepare.categories)[/]",
        "outliers" => " [dim](see prepare.outliers)[/]",
        _ => "",
    };

    // The metrics a one-line comparison shows, of those a task has.
    private static readonly string[] Headline = ["roc_auc", "roc_auc_ovr_macro", "f1_macro", "accuracy", "f1", "log_loss", "rmse", "mae", "r2"];

    public static void Write(IAnsiConsole console, RunSummary s)
    {
        var dropped = (s.RowsWithoutTarget > 0 ? $", {s.RowsWithoutTarget} without a target left out" : "")
            + (s.OutliersRemoved > 0 ? $", {s.OutliersRemoved} outlier training rows removed" : "");
        console.MarkupLineInterpolated($"[bold]Run {s.RunId}[/]  {s.Task.ToString().ToLowerInvariant()}  {s.Rows:N0} rows ({s.DuplicatesRemoved} duplicates removed{dropped})  {s.Seconds:0.0}s");
        if (s.Split is { } split) console.MarkupLineInterpolated($"Split: {split}");
        if (s.Threshold is { } threshold) console.MarkupLineInterpolated($"Decision threshold: {threshold}");
        WriteSources(console, s);
        WritePopulation(console, s);
        foreach (var issue in s.DataIssues.Take(10))
            console.MarkupLine($"[yellow]Data issue[/] {CliConsole.Escape(issue.Kind)}{(issue.Column is null ? "" : $" in '{CliConsole.Escape(issue.Column)}'")}: {CliConsole.Escape(issue.Message)}{Hint(issue.Kind)}");
        WriteLeaderboard(console, s);
        var candidates = new Table().AddColumns("algorithm", $"cv {s.Candidates[0].Metric}", $"test {s.Candidates[0].Metric}", "seconds", "");
        foreach (var c in s.Candidates)
            candidates.AddRow(CliConsole.Escape(c.Rounds is { } rounds ? $"{c.Algorithm} ({rounds})" : c.Algorithm), $"{Num(c.CvMean)} ± {Num(c.CvStd)}", Num(c.TestMetrics.GetValueOrDefault(c.Metric, double.NaN)), c.Seconds.ToString("0.0", CultureInfo.InvariantCulture), c.IsWinner ? "[green]winner[/]" : "");
        console.Write(candidates);

        var metrics = new Table().AddColumns("metric", "model", "baseline", "lift");
        foreach (var (key, value) in s.TestMetrics.Where(m => !MetricKeys.IsRepeated(m.Key, s.Candidates[0].Metric)))
        {
            var baseline = s.BaselineMetrics.GetValueOrDefault(key, double.NaN);
            // A relative lift over a baseline near zero (r2, f1 of a majority-class guess) is noise, not information.
            var lift = double.IsFinite(baseline) && Math.Abs(baseline) > 1e-3 ? BaselineLift.Compute(key, value, baseline) : double.NaN;
            metrics.AddRow(key, Num(value), Num(baseline), double.IsFinite(lift) ? lift.ToString("+0.0%;-0.0%", CultureInfo.InvariantCulture) : "-");
        }
        console.Write(metrics);

        console.MarkupLineInterpolated($"Fit: [bold]{s.Verdict.Kind.ToString().ToLowerInvariant()}[/] — {s.Verdict.Explanation}");
        foreach (var f in s.Fairness)
        {
            var summary = s.Task == TaskKind.Regression
                ? $"mean prediction difference {Num(f.MeanPredictionDifference ?? double.NaN)}, MAE difference {Num(f.MaeDifference ?? double.NaN)}"
                : $"demographic parity ratio {Num(f.DemographicParityRatio ?? double.NaN)}, equalized odds difference {Num(f.EqualizedOddsDifference ?? double.NaN)}, equal opportunity difference {Num(f.EqualOpportunityDifference ?? double.NaN)}";
            console.MarkupLine($"Fairness over {CliConsole.Escape(f.Column)} ({f.Groups.Count} groups): {CliConsole.Escape(summary)}");
        }
        if (s.Expert is { } expert)
        {
            var keys = Headline.Where(expert.ModelMetrics.ContainsKey);
            console.MarkupLine($"Against the expert ({expert.Rows:N0} of {expert.TestRows:N0} test rows, matched by {CliConsole.Escape(expert.MatchedBy)}): "
                + CliConsole.Escape(string.Join(", ", keys.Select(k => $"{k} {Num(expert.ModelMetrics[k])} vs {Num(expert.ExpertMetrics.GetValueOrDefault(k, double.NaN))}"))));
        }
        foreach (var byColumn in s.TestSlices.GroupBy(x => x.Column)) EvaluationView.WriteSlices(console, [.. byColumn]);
        foreach (var set in s.TestSets)
        {
            var shown = Headline.Where(set.Report.Metrics.ContainsKey).Select(k => KeyValuePair.Create(k, set.Report.Metrics[k]));
            console.MarkupLine($"Test set [bold]{CliConsole.Escape(set.Name)}[/] ({set.Report.Rows:N0} rows, {set.Report.RefusedRows:N0} refused): "
                + CliConsole.Escape(string.Join(", ", shown.Select(m => $"{m.Key} {Num(m.Value)}"))));
            foreach (var byColumn in (set.Report.Slices ?? []).GroupBy(x => x.Column)) EvaluationView.WriteSlices(console, [.. byColumn]);
            foreach (var f in set.Report.Fairness ?? []) EvaluationView.WriteFairness(console, f, s.Task);
        }
        foreach (var g in s.Gates)
            console.MarkupLine($"Gate {CliConsole.Escape(g.Gate)}: {(g.Passed ? "[green]pass[/]" : "[red]fail[/]")} (actual {Num(g.Actual ?? double.NaN)}, expected {CliConsole.Escape(g.Expected)})");
        if (s.Promotion.Significance is { } paired && !s.Promotion.Reason.Contains(paired.Method, StringComparison.Ordinal))
            console.MarkupLine($"Against champion v{s.Promotion.ChampionVersion} on the same test rows: {CliConsole.Escape(paired.ToString())}");
        var verb = s.Promotion.Promoted ? "[green]promoted to champion[/]" : $"[yellow]registered as {s.Promotion.Alias}[/]";
        console.MarkupLine($"Model [bold]{CliConsole.Escape(s.ModelName)}[/] v{s.ModelVersion} {verb}: {CliConsole.Escape(s.Promotion.Reason)}");
        if (s.Promotion.ApprovalRequestId is { } request)
            console.MarkupLine($"Approval request [bold]#{request}[/] filed for champion: another approver decides with 'mlcycle models approve {request} --reason …'.");
        console.MarkupLineInterpolated($"Report: {s.ReportPath}");
    }

    // The search's trials, best first; the top 15 and every failure, so a long search does not flood the terminal.
    private static void WriteLeaderboard(IAnsiConsole console, RunSummary s)
    {
        if (s.Search is not { } search) return;
        console.MarkupLineInterpolated($"Search: {search}");
        var board = new Table().Title("Leaderboard").AddColumns("#", "trial", "algorithm", "hyperparameters", $"cv {s.Trials.FirstOrDefault()?.Metric}", "seconds");
        var shown = s.Trials.Take(15).Concat(s.Trials.Skip(15).Where(t => t.Error is not null)).ToList();
        for (var i = 0; i < shown.Count; i++)
        {
            var t = shown[i];
            var score = t.Error is null ? $"{Num(t.CvMean)} ± {Num(t.CvStd)}" : $"[red]failed[/]: {CliConsole.Escape(t.Error)}";
            board.AddRow((s.Trials.ToList().IndexOf(t) + 1).ToString(CultureInfo.InvariantCulture), t.Number.ToString(CultureInfo.InvariantCulture),
                CliConsole.Escape(t.Algorithm), CliConsole.Escape(t.Hyperparameters), score, t.Seconds.ToString("0.0", CultureInfo.InvariantCulture));
        }
        console.Write(board);
        if (s.Trials.Count > shown.Count) console.MarkupLineInterpolated($"[dim]{s.Trials.Count - shown.Count} more trial(s): mlcycle runs show {s.RunId}[/]");
    }

    private static void WriteSources(IAnsiConsole console, RunSummary s)
    {
        if (s.Sources.Count == 0) return;
        console.MarkupLine($"Data: the {CliConsole.Escape(s.Combine ?? "union")} of {s.Sources.Count} source(s): {CliConsole.Escape(string.Join(", ", s.Sources))}");
        // Every coercion is shown: a silently widened or filled column is how combined data goes wrong unnoticed.
        foreach (var c in s.Coercions)
            console.MarkupLine($"[yellow]Coercion[/] {CliConsole.Escape(c.ToString())}");
    }

    private static void WritePopulation(IAnsiConsole console, RunSummary s)
    {
        if (s.Population is not { } p) return;
        foreach (var gap in p.Gaps)
        {
            var verdict = gap.PValue < 0.05 ? "[red]differs from[/]" : "[green]matches[/]";
            var groups = string.Join(", ", gap.Groups.Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Group} {g.ObservedShare * 100:0.0}% vs {g.ExpectedShare * 100:0.0}% (weight {g.Weight:0.###})")));
            console.MarkupLine($"Population: '{CliConsole.Escape(gap.Column)}' {verdict} the expected shares " +
                $"(chi-squared {Num(gap.ChiSquared)}, df {gap.DegreesOfFreedom}, p = {gap.PValue.ToString("G3", CultureInfo.InvariantCulture)}): {CliConsole.Escape(groups)}");
        }
        foreach (var g in p.UnderRepresented.Take(10))
            console.MarkupLine($"[yellow]Under-represented[/] '{CliConsole.Escape(g.Column)}' = '{CliConsole.Escape(g.Label)}': {g.Count} row(s) ({(g.Share * 100).ToString("0.0", CultureInfo.InvariantCulture)}%)");
        console.MarkupLine(CliConsole.Escape(p.Weighting));
    }

    // Rounded first, and + 0.0 turns a negative zero positive: -1e-17 would otherwise show as "-0".
    private static string Num(double v) => double.IsFinite(v) ? (Math.Round(v, 4) + 0.0).ToString("0.####", CultureInfo.InvariantCulture) : "-";
}
