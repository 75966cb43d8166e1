using System.Globalization;
using System.Text;
using MLCycle.Evaluation;
using MLCycle.Metrics;
using MLCycle.Registry;

namespace MLCycle.Reports;

/// <summary>Renders a <see cref="ModelCard"/> as Markdown (for a repository or a wiki) or as one self-contained HTML page.</summary>
public static class ModelCardWriter
{
    /// <summary>The card as Markdown; every section is present, saying so when it has nothing to show.</summary>
    public static string Markdown(ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var md = new StringBuilder();
        md.Append("# Model card: ").Append(MarkdownText.Escape(card.Name)).Append(" v").Append(card.Version.ToString(CultureInfo.InvariantCulture)).Append("\n\n");
        md.Append(Invariant($"{SummarySection.TaskName(card.Task)} of `{MarkdownText.Code(card.Target)}` by {card.Algorithm}, registered {card.CreatedAt:yyyy-MM-dd HH:mm} UTC from run `{card.RunId}`.\n\n"));
        foreach (var (title, lines) in Sections(card))
        {
            md.Append("## ").Append(title).Append("\n\n");
            foreach (var line in lines) md.Append(line).Append('\n');
            md.Append('\n');
        }
        return md.ToString();
    }

    /// <summary>The card as an HTML page with inline CSS, no scripts; the fairness and importance sections match the run report's.</summary>
    public static string Html(ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        string title = HtmlText.Encode($"Model card: {card.Name} v{card.Version}");
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(title).Append("</title><style>")
            .Append(ReportStyle.Css).Append("</style></head><body><main><header><h1>").Append(title).Append("</h1><p class=\"meta\">")
            .Append(HtmlText.Encode(Invariant($"{SummarySection.TaskName(card.Task)} of {card.Target} by {card.Algorithm}, registered {card.CreatedAt:yyyy-MM-dd HH:mm} UTC from run {card.RunId}")))
            .Append("</p></header>");
        foreach (var (heading, lines) in Sections(card))
        {
            if (heading == "Fairness" && card.Fairness.Count > 0)
            {
                FairnessSection.Append(html, card.Fairness, card.Task, card.Gates, "the test rows");
                continue;
            }
            if (heading == "Importance" && card.Importance.Count > 0)
            {
                ImportanceSection.Append(html, card.Importance, PrimaryMetric.For(card.Task));
                continue;
            }
            html.Append("<section><h2>").Append(HtmlText.Encode(heading)).Append("</h2>").Append(MarkdownLines.ToHtml(lines)).Append("</section>");
        }
        return html.Append("</main></body></html>\n").ToString();
    }

    public static Task WriteAsync(ModelCard card, string markdownPath, string htmlPath, CancellationToken ct = default) =>
        Task.WhenAll(AtomicTextFile.WriteAsync(markdownPath, Markdown(card), ct), AtomicTextFile.WriteAsync(htmlPath, Html(card), ct));

    private static IEnumerable<(string Title, List<string> Lines)> Sections(ModelCard card)
    {
        yield return ("Problem", Problem(card.Problem));
        yield return ("Data", [Invariant($"- {card.DataRows:N0} training rows, {card.DataColumns} columns"),
            $"- fingerprint: `{card.DataFingerprint ?? "not recorded"}`",
            .. card.Classes.Count > 0 ? [$"- classes: {string.Join(", ", card.Classes.Select(MarkdownText.Escape))}"] : Array.Empty<string>(),
            .. card.DecisionThreshold is { } t ? [Invariant($"- decision threshold: {t:0.####}")] : Array.Empty<string>()]);
        yield return ("Metrics on the test rows", Metrics(card));
        yield return ("Slices", Slices(card));
        yield return ("Fairness", Fairness(card));
        yield return ("Importance", card.Importance.Count == 0 ? ["Not measured for this version."]
            : ["| column | mean drop | sd |", "|---|---:|---:|", .. card.Importance.Select(f => Invariant($"| {MarkdownText.Escape(f.Column)} | {f.Mean:0.####} | {f.Sd:0.####} |"))]);
        if (card.LearningCurve is { } curve)
        {
            yield return ("Learning curve", [curve.Reading, "",
                Invariant($"| share | training rows | train {curve.Metric} | validation {curve.Metric} |"), "|---:|---:|---:|---:|",
                .. curve.Points.Select(p => Invariant($"| {p.Share * 100:0}% | {p.Rows:N0} | {p.TrainMean:0.####} ± {p.TrainStd:0.####} | {p.ValidationMean:0.####} ± {p.ValidationStd:0.####} |")),
                "", Invariant($"{curve.Algorithm} refitted on seeded samples of the first {curve.Folds} folds' training rows. {Training.LearningCurve.Rule}")]);
        }
        yield return ("Limitations", card.Limitations.Count == 0 ? ["None found on the test rows."] : [.. card.Limitations.Select(l => "- " + MarkdownText.Escape(l))]);
        yield return ("Promotion decision", Decision(card));
        if (card.Missing.Count > 0) yield return ("Missing from this card", [.. card.Missing.Select(m => "- " + m)]);
    }

    private static List<string> Problem(ProblemStatement? p)
    {
        if (p is null) return ["Not stated: the spec had no `problem:` section (goal, users, constraints, metric, why)."];
        var lines = new List<string>
        {
            $"- **Goal:** {Stated(p.Goal)}",
            $"- **Users:** {Stated(p.Users)}",
            $"- **Metric that matters:** {Stated(p.Metric)}",
            $"- **Why this metric:** {Stated(p.Why)}",
        };
        lines.Add(p.Constraints.Count == 0 ? "- **Constraints:** none stated" : "- **Constraints:**");
        lines.AddRange(p.Constraints.Select(c => "  - " + MarkdownText.Escape(c)));
        return lines;
    }

    private static List<string> Metrics(ModelCard card)
    {
        if (card.Metrics.Count == 0) return ["No test metrics were recorded."];
        var lines = new List<string> { "| metric | value | 95% interval |", "|---|---:|---|" };
        foreach (var (key, value) in card.Metrics.Where(m => !MetricKeys.IsLegacy(m.Key)).OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            string interval = card.Intervals.TryGetValue(key, out var i) ? Invariant($"{i.Lower:0.####} to {i.Upper:0.####}") : "-";
            lines.Add(Invariant($"| {key} | {value:0.####} | {interval} |"));
        }
        if (card.Intervals.Count > 0) lines.Add(Invariant($"\nIntervals: percentiles 2.5 and 97.5 of {card.Intervals.Values.First().Resamples:N0} seeded bootstrap resamples of the test rows."));
        return lines;
    }

    private static List<string> Slices(ModelCard card)
    {
        if (card.Slices.Count == 0) return ["No slices were evaluated (the spec's `evaluate.slices`)."];
        var present = card.Slices.SelectMany(s => s.Metrics.Keys).ToHashSet(StringComparer.Ordinal);
        // The headline metrics; every metric stays in the card's JSON.
        var keys = SliceBarChart.Headline.Where(present.Contains).Take(6).ToList();
        return ["| column | value | rows | " + string.Join(" | ", keys) + " |", "|---|---|---:|" + string.Concat(keys.Select(_ => "---:|")),
            .. card.Slices.Select(s => Invariant($"| {MarkdownText.Escape(s.Column)} | {(s.Value is null ? "(missing)" : MarkdownText.Escape(s.Value))} | {s.Rows:N0} | ")
                + string.Join(" | ", keys.Select(k => s.Metrics.TryGetValue(k, out var v) ? v.ToString("0.####", CultureInfo.InvariantCulture) : "-")) + " |")];
    }

    private static List<string> Fairness(ModelCard card)
    {
        if (card.Fairness.Count == 0) return ["No sensitive columns were declared (`data.sensitive`), so fairness was not judged."];
        var lines = new List<string>();
        foreach (var column in card.Fairness)
        {
            lines.Add($"**{MarkdownText.Escape(column.Column)}**{(column.Note is { } note ? $" ({MarkdownText.Escape(note)})" : "")}");
            lines.Add("");
            lines.Add("| group | rows | selection rate | TPR | FPR | judged |");
            lines.Add("|---|---:|---:|---:|---:|---|");
            foreach (var g in column.Groups)
                lines.Add(Invariant($"| {MarkdownText.Escape(g.Group)} | {g.Count:N0} | {Show(g.SelectionRate ?? g.MeanPrediction)} | {Show(g.Tpr)} | {Show(g.Fpr)} | {(g.TooSmall ? "no, too small" : "yes")} |"));
            lines.Add("");
        }
        return lines;
    }

    private static List<string> Decision(ModelCard card)
    {
        var lines = new List<string>();
        if (card.Decision is { } decision) lines.Add($"At registration: {MarkdownText.Escape(decision)}");
        if (card.Significance is { } paired) lines.Add($"Paired test against the champion: {MarkdownText.Escape(paired)}");
        if (card.History.Count == 0) lines.Add("No alias has pointed at this version.");
        else
        {
            lines.Add("");
            lines.Add("| when (UTC) | alias | move | who | why |");
            lines.Add("|---|---|---|---|---|");
            foreach (var h in card.History)
            {
                string move = h.ToVersion == card.Version ? $"to v{card.Version}" + (h.FromVersion is { } f ? $" from v{f}" : "") : $"off v{card.Version}" + (h.ToVersion is { } to ? $" to v{to}" : " (deleted)");
                lines.Add(Invariant($"| {h.Time:yyyy-MM-dd HH:mm} | {h.Alias} | {move} | {MarkdownText.Escape(h.Actor)} | {(h.Reason is null ? "-" : MarkdownText.Escape(h.Reason))} |"));
            }
        }
        return lines;
    }

    private static string Stated(string? text) => text is null ? "not stated" : MarkdownText.Escape(text);

    private static string Show(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("0.####", CultureInfo.InvariantCulture) : "-";

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
