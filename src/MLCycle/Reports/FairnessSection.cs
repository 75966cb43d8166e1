using System.Globalization;
using System.Text;
using MLCycle.Evaluation;
using MLCycle.Evaluation.Fairness;

namespace MLCycle.Reports;

/// <summary>
/// The fairness section: per sensitive column (and their intersection) a bar chart of the selection rate and TPR per group
/// (mean prediction for regression), a table of every group's rates with the failing group highlighted, and the summaries.
/// </summary>
internal static class FairnessSection
{
    // The profile's bar-chart rules, which the run report's stylesheet does not carry, plus the highlight of a failing group.
    private const string Css = "svg.bars .label{font-size:11px;fill:var(--ink)} svg.bars .value{font-size:11px;fill:var(--muted)} " +
        "svg.bars .under{fill:var(--bad);fill-opacity:.8} tr.failing td{background:#fee2e2} .tag.bad{display:inline-block;padding:0 6px;" +
        "border-radius:8px;font-size:11px;background:#fee2e2;color:var(--bad)}";

    public static void Append(StringBuilder html, RunReport report) =>
        Append(html, report.Fairness, report.Task, report.Gates, "the test rows", report.FairnessMitigation);

    /// <summary>The section for <paramref name="fairness"/> judged on <paramref name="rows"/> (e.g. "the test rows"); nothing when empty.</summary>
    public static void Append(StringBuilder html, IReadOnlyList<FairnessColumn> fairness, TaskKind task, IReadOnlyList<GateResult> gates, string rows,
        string? mitigation = null, string id = "fairness")
    {
        if (fairness.Count == 0) return;
        html.Append("<section id=\"").Append(HtmlText.Encode(id)).Append("\"><h2>Fairness</h2><style>").Append(Css).Append("</style>")
            .Append("<p class=\"note\">On ").Append(HtmlText.Encode(rows)).Append(", with Fairlearn's definitions. Groups under the minimum size are shown but not judged.")
            .Append(mitigation is { } m ? $" Mitigation: {HtmlText.Encode(m)}." : "").Append("</p>");
        foreach (var column in fairness) AppendColumn(html, column, task, Failing(column, gates));
        html.Append("</section>");
    }

    // A failing gate on this column names its group (per-group gate) or its lowest/highest groups; those rows are highlighted.
    private static HashSet<string> Failing(FairnessColumn column, IReadOnlyList<GateResult> gates)
    {
        var failing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var gate in gates.Where(g => !g.Passed))
        {
            QualityGate parsed;
            try { parsed = QualityGate.Parse(gate.Gate); }
            catch (MLCycleException) { continue; }
            if (parsed.Column != column.Column) continue;
            if (parsed.Group is { } group) { failing.Add(group); continue; }
            foreach (var g in column.Groups.Where(g => gate.Expected.Contains($": {g.Group} ", StringComparison.Ordinal))) failing.Add(g.Group);
        }
        return failing;
    }

    private static void AppendColumn(StringBuilder html, FairnessColumn column, TaskKind task, HashSet<string> failing)
    {
        var shown = column.Groups.Take(ProfileBiasSection.MaxGroupsShown).ToList();
        html.Append("<h3>").Append(HtmlText.Encode(column.Column)).Append("</h3><div class=\"charts\">");
        if (task == TaskKind.Regression)
        {
            var means = shown.Select(g => g.MeanPrediction ?? 0).ToList();
            var max = means.Count == 0 ? 0 : means.Max(Math.Abs);
            html.Append(ProfileBarChart.Render($"mean prediction per group of {column.Column}",
                shown.Select(g => Bar(g.Group, g.MeanPrediction ?? 0, failing)).ToList(), max, width: 520));
        }
        else
        {
            var (selection, tpr) = task == TaskKind.Binary
                ? (shown.Select(g => g.SelectionRate ?? 0).ToList(), shown.Select(g => g.Tpr ?? 0).ToList())
                : (shown.Select(g => g.Classes!.Max(c => c.SelectionRate)).ToList(), shown.Select(g => g.Classes!.Min(c => c.Tpr)).ToList());
            var bars = shown.SelectMany((g, i) => new[]
            {
                Bar($"{g.Group} · selection", selection[i], failing, g.Group),
                Bar($"{g.Group} · TPR", tpr[i], failing, g.Group),
            }).ToList();
            html.Append(ProfileBarChart.Render($"selection rate and true positive rate per group of {column.Column}", bars, 1, width: 520));
        }
        AppendTable(html, column, task, shown, failing);
        html.Append("</div>").Append(Summaries(column, task));
        if (column.Note is { } note) html.Append("<p class=\"note\">").Append(HtmlText.Encode(note)).Append("</p>");
        if (column.Groups.Count > shown.Count)
            html.Append("<p class=\"note\">The ").Append(shown.Count).Append(" largest of ").Append(column.Groups.Count).Append(" groups are shown.</p>");
    }

    private static ProfileBar Bar(string label, double value, HashSet<string> failing, string? group = null) =>
        new(label, value, HtmlText.Number(value), failing.Contains(group ?? label) ? "under" : "bar");

    private static void AppendTable(StringBuilder html, FairnessColumn column, TaskKind task, List<FairnessGroup> shown, HashSet<string> failing)
    {
        string[] headers = task switch
        {
            TaskKind.Binary => ["Selection rate", "TPR", "FPR", "Precision", "ROC-AUC"],
            TaskKind.Multiclass => ["Selection rate per class", "TPR per class", "FPR per class"],
            _ => ["Mean prediction", "MAE"],
        };
        html.Append("<table style=\"width:auto\"><thead><tr><th>Group</th><th class=\"num\">Rows</th>")
            .Append(string.Concat(headers.Select(h => $"<th class=\"num\">{h}</th>"))).Append("<th></th></tr></thead><tbody>");
        foreach (var g in shown)
        {
            double?[] values = task switch
            {
                TaskKind.Binary => [g.SelectionRate, g.Tpr, g.Fpr, g.Precision, g.RocAuc],
                TaskKind.Regression => [g.MeanPrediction, g.Mae],
                _ => [],
            };
            var cells = task == TaskKind.Multiclass
                ? new[] { PerClass(g, c => c.SelectionRate), PerClass(g, c => c.Tpr), PerClass(g, c => c.Fpr) }
                : values.Select(v => v is { } x ? HtmlText.Number(x) : "—").ToArray();
            html.Append(failing.Contains(g.Group) ? "<tr class=\"failing\">" : "<tr>").Append("<td>").Append(HtmlText.Encode(g.Group))
                .Append("</td><td class=\"num\">").Append(HtmlText.Count(g.Count)).Append("</td>")
                .Append(string.Concat(cells.Select(c => $"<td class=\"num\">{c}</td>"))).Append("<td>")
                .Append(failing.Contains(g.Group) ? "<span class=\"tag bad\">fails a gate</span> " : "")
                .Append(g.TooSmall ? "<span class=\"note\">too small to judge</span>" : "").Append("</td></tr>");
        }
        html.Append("</tbody></table>");
    }

    private static string PerClass(FairnessGroup g, Func<FairnessClassRates, double> rate) =>
        HtmlText.Encode(string.Join(", ", g.Classes!.Select(c => $"{c.Class} {rate(c).ToString("0.###", CultureInfo.InvariantCulture)}")));

    private static string Summaries(FairnessColumn column, TaskKind task)
    {
        (string Name, double? Value)[] items = task == TaskKind.Regression
            ? [("mean prediction difference", column.MeanPredictionDifference), ("MAE difference", column.MaeDifference)]
            : [("demographic parity difference", column.DemographicParityDifference), ("demographic parity ratio", column.DemographicParityRatio),
               ("equalized odds difference", column.EqualizedOddsDifference), ("equal opportunity difference", column.EqualOpportunityDifference)];
        return "<p>" + string.Join(" · ", items.Select(i => $"{i.Name} <strong>{(i.Value is { } v && double.IsFinite(v) ? HtmlText.Number(v) : "n/a")}</strong>")) + "</p>";
    }
}
