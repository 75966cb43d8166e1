using System.Text;

namespace MLCycle.Reports;

/// <summary>The quality gates section: each gate, what it expected, the model's value and pass or fail.</summary>
internal static class GatesSection
{
    public static void Append(StringBuilder html, RunReport report)
    {
        html.Append("<section id=\"gates\"><h2>Quality gates</h2>");
        if (report.Gates.Count == 0)
        {
            html.Append("<p class=\"note\">No quality gates were set for this run.</p></section>");
            return;
        }
        html.Append("<table><thead><tr><th>Gate</th><th>Expected</th><th class=\"num\">Actual</th><th>Result</th></tr></thead><tbody>");
        foreach (var gate in report.Gates)
        {
            html.Append("<tr><td><code>").Append(HtmlText.Encode(gate.Gate)).Append("</code></td><td>").Append(HtmlText.Encode(gate.Expected))
                .Append("</td><td class=\"num\">").Append(gate.Actual is { } a ? HtmlText.Number(a) : "—").Append("</td><td>")
                .Append(gate.Passed ? "<span class=\"badge pass\">PASS</span>" : "<span class=\"badge fail\">FAIL</span>")
                .Append("</td></tr>");
        }
        html.Append("</tbody></table></section>");
    }
}
