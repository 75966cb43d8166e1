using System.Globalization;
using MLCycle.Evaluation;
using MLCycle.Evaluation.Fairness;
using Spectre.Console;

namespace MLCycle.Cli.Output;

/// <summary>Prints an evaluation: a metrics table (and per-slice tables, gates) for people, one JSON object for scripts.</summary>
public static class EvaluationView
{
    public static void Write(IAnsiConsole console, EvaluationReport r)
    {
        var positive = r.PositiveClass is null ? "" : $", positive class '{r.PositiveClass}'";
        console.MarkupLineInterpolated($"[bold]{r.Source}[/]  {r.Rows:N0} rows  {r.Task.ToString().ToLowerInvariant()} ({r.TaskReason}){positive}");
        var columns = $"target '{r.Target}'" + (r.Model is not null ? $", predictions by model {r.Model}" : r.PredictionColumn is null ? ", predicted class = most probable" : $", prediction '{r.PredictionColumn}'")
            + (r.ProbabilityColumns.Count > 0 ? $", probabilities {string.Join(", ", r.ProbabilityColumns.Select(p => $"{p.Key}='{p.Value}'"))}" : "")
            + (r.WeightColumn is null ? "" : $", weights '{r.WeightColumn}'");
        console.MarkupLineInterpolated($"Columns: {columns}");
        var table = new Table().AddColumns("metric", "value");
        foreach (var (key, value) in r.Metrics) table.AddRow(CliConsole.Escape(key), Num(value));
        console.Write(table);
        foreach (var (key, why) in r.Notes) console.MarkupLine($"[yellow]{CliConsole.Escape(key)}[/]: {CliConsole.Escape(why)}");
        if (r.RefusedRows > 0)
        {
            console.MarkupLineInterpolated($"[yellow]{r.RefusedRows:N0} rows not scored[/] (left out of every metric):");
            foreach (var e in r.Refused) console.MarkupLineInterpolated($"  row {e.Row}, column '{e.Column}': {e.Reason}");
        }
        foreach (var byColumn in (r.Slices ?? []).GroupBy(s => s.Column)) WriteSlices(console, [.. byColumn]);
        if (r.Importance is { Count: > 0 } importance) WriteImportance(console, importance, $"Permutation importance ({r.ImportanceMetric})");
        foreach (var f in r.Fairness ?? []) WriteFairness(console, f, r.Task);
        foreach (var g in r.Gates ?? [])
            console.MarkupLine($"Gate {CliConsole.Escape(g.Gate)}: {(g.Passed ? "[green]pass[/]" : "[red]fail[/]")} (actual {Num(g.Actual ?? double.NaN)}, expected {CliConsole.Escape(g.Expected)})");
    }

    /// <summary>
    /// The JSON object: "metrics" keyed by scikit-learn names (an undefined metric is absent and "notes" says why), and "slices"
    /// and "gates" only when asked for.
    /// </summary>
    public static Dictionary<string, object?> Json(EvaluationReport r)
    {
        var json = new Dictionary<string, object?>
        {
            ["source"] = r.Source,
            ["rows"] = r.Rows,
            ["task"] = r.Task.ToString().ToLowerInvariant(),
            ["taskReason"] = r.TaskReason,
            ["target"] = r.Target,
            ["positiveClass"] = r.PositiveClass,
            ["classes"] = r.Classes,
            ["columns"] = new Dictionary<string, object?> { ["prediction"] = r.PredictionColumn, ["probabilities"] = r.ProbabilityColumns, ["weight"] = r.WeightColumn },
            ["metrics"] = r.Metrics,
            ["notes"] = r.Notes,
        };
        if (r.ConfusionMatrix is not null) json["confusionMatrix"] = r.ConfusionMatrix;
        if (r.PerClass.Count > 0) json["perClass"] = r.PerClass;
        if (r.Model is not null)
        {
            json["model"] = r.Model;
            json["refusedRows"] = r.RefusedRows;
            json["refused"] = r.Refused;
        }
        if (r.Importance is { } importance)
        {
            json["importanceMetric"] = r.ImportanceMetric;
            json["importance"] = importance;
        }
        if (r.Slices is { } slices) json["slices"] = slices;
        if (r.Fairness is { } fairness) json["fairness"] = fairness;
        if (r.Gates is { } gates)
        {
            json["gates"] = gates;
            json["gatesPassed"] = r.GatesPassed;
        }
        return json;
    }

    /// <summary>One line per judged column: its groups and Fairlearn's summaries (NaN when fewer than two groups can be judged).</summary>
    public static void WriteFairness(IAnsiConsole console, FairnessColumn f, TaskKind task)
    {
        var summary = task == TaskKind.Regression
            ? $"mean prediction difference {Num(f.MeanPredictionDifference ?? double.NaN)}, MAE difference {Num(f.MaeDifference ?? double.NaN)}"
            : $"demographic parity ratio {Num(f.DemographicParityRatio ?? double.NaN)}, equalized odds difference {Num(f.EqualizedOddsDifference ?? double.NaN)}, equal opportunity difference {Num(f.EqualOpportunityDifference ?? double.NaN)}";
        console.MarkupLine($"Fairness over {CliConsole.Escape(f.Column)} ({f.Groups.Count} groups): {CliConsole.Escape(summary)}");
        if (f.Note is { } note) console.MarkupLine($"  [yellow]{CliConsole.Escape(note)}[/]");
    }

    /// <summary>Permutation importance per input column, largest first, as mean ± sd.</summary>
    public static void WriteImportance(IAnsiConsole console, IReadOnlyList<FeatureImportance> importance, string title)
    {
        var table = new Table().Title(CliConsole.Escape(title)).AddColumns("column", "mean", "sd");
        foreach (var f in importance) table.AddRow(CliConsole.Escape(f.Column), Num(f.Mean), Num(f.Sd));
        console.Write(table);
    }

    /// <summary>One table of metrics per value of a slice column.</summary>
    public static void WriteSlices(IAnsiConsole console, IReadOnlyList<SliceReport> slices)
    {
        // A terminal row fits about seven metrics; every one of them is in --json and the HTML report.
        var present = slices.SelectMany(s => s.Metrics.Keys).ToHashSet(StringComparer.Ordinal);
        var keys = SliceHeadline.Where(present.Contains).Take(7).ToList();
        if (keys.Count == 0) keys = [.. present.Order(StringComparer.Ordinal).Take(7)];
        var table = new Table().Title($"By {CliConsole.Escape(slices.FirstOrDefault()?.Column ?? "")}").AddColumn("value").AddColumn("rows");
        foreach (var key in keys) table.AddColumn(CliConsole.Escape(key));
        foreach (var s in slices)
            table.AddRow([CliConsole.Escape(s.Value ?? "(missing)"), s.Rows.ToString("N0", CultureInfo.InvariantCulture), .. keys.Select(k => s.Metrics.TryGetValue(k, out var v) ? Num(v) : "-")]);
        console.Write(table);
    }

    private static readonly string[] SliceHeadline =
        ["roc_auc", "f1_macro", "rmse", "accuracy", "f1", "precision", "recall", "log_loss", "balanced_accuracy", "mae", "r2"];

    private static string Num(double value) => double.IsFinite(value) ? value.ToString("0.0000", CultureInfo.InvariantCulture) : "-";
}
