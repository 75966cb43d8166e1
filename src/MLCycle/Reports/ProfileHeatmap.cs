using System.Text;
using MLCycle.Profiling;

namespace MLCycle.Reports;

/// <summary>
/// The correlation heat map: a lower-triangle grid of the strongest association per column pair, blue for positive and
/// red for negative, capped at <see cref="MaxColumns"/> columns so the page stays small.
/// </summary>
internal static class ProfileHeatmap
{
    public const int MaxColumns = 40;
    // The column labels above the grid lean right, so the picture needs room beyond the last column.
    private const double LabelSpace = 130, MaxCell = 22, MaxGrid = 620, RightSpace = 80;
    private static readonly string[] MethodOrder = ["pearson", "spearman", "cramers_v", "eta"];

    /// <summary>The columns drawn: those with any correlation, in profile order, at most <see cref="MaxColumns"/>.</summary>
    public static IReadOnlyList<string> Columns(DatasetProfile profile, IReadOnlyList<Correlation> correlations)
    {
        var named = correlations.SelectMany(c => new[] { c.Left, c.Right }).ToHashSet(StringComparer.Ordinal);
        return profile.Columns.Select(c => c.Name).Where(named.Contains).Take(MaxColumns).ToList();
    }

    public static string Render(IReadOnlyList<string> columns, IReadOnlyList<Correlation> correlations)
    {
        var value = new Dictionary<(string, string), Correlation>();
        foreach (var c in correlations.Where(c => double.IsFinite(c.Value)).OrderBy(c => Rank(c.Method)))
        {
            value.TryAdd((c.Left, c.Right), c);
            value.TryAdd((c.Right, c.Left), c);
        }
        double cell = Math.Min(MaxCell, MaxGrid / Math.Max(1, columns.Count));
        double height = LabelSpace + cell * columns.Count + 8, width = height + RightSpace;
        var svg = new StringBuilder(512 + columns.Count * columns.Count * 60);
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart heat\" role=\"img\" aria-label=\"correlation heat map\" viewBox=\"0 0 ")
            .Append(HtmlText.Coord(width)).Append(' ').Append(HtmlText.Coord(height)).Append("\" width=\"").Append(HtmlText.Coord(width))
            .Append("\" height=\"").Append(HtmlText.Coord(height)).Append("\"><title>correlation heat map</title>");
        for (int i = 0; i < columns.Count; i++)
        {
            string middle = HtmlText.Coord(LabelSpace + (i + 0.5) * cell + 3.5);
            string label = HtmlText.Encode(Shorten(columns[i]));
            svg.Append("<text class=\"label\" x=\"").Append(LabelSpace - 4).Append("\" y=\"").Append(middle).Append("\" text-anchor=\"end\">")
                .Append(label).Append("</text><text class=\"label\" transform=\"translate(").Append(HtmlText.Coord(LabelSpace + (i + 0.5) * cell + 3.5))
                .Append(' ').Append(LabelSpace - 4).Append(") rotate(-60)\">").Append(label).Append("</text>");
            for (int j = 0; j <= i; j++)
            {
                string x = HtmlText.Coord(LabelSpace + j * cell), y = HtmlText.Coord(LabelSpace + i * cell), w = HtmlText.Coord(cell - 1);
                if (i == j || !value.TryGetValue((columns[i], columns[j]), out var c))
                {
                    svg.Append("<rect class=\"").Append(i == j ? "diag" : "none").Append("\" x=\"").Append(x).Append("\" y=\"").Append(y)
                        .Append("\" width=\"").Append(w).Append("\" height=\"").Append(w).Append("\"/>");
                    continue;
                }
                svg.Append("<rect class=\"").Append(c.Value >= 0 ? "pos" : "neg").Append("\" fill-opacity=\"")
                    .Append(HtmlText.Coord(0.08 + 0.92 * Math.Min(1, Math.Abs(c.Value)))).Append("\" x=\"").Append(x).Append("\" y=\"").Append(y)
                    .Append("\" width=\"").Append(w).Append("\" height=\"").Append(w).Append("\"><title>")
                    .Append(HtmlText.Encode($"{columns[i]} × {columns[j]}: {c.Method} {HtmlText.Number(c.Value)}")).Append("</title></rect>");
            }
        }
        return svg.Append("</svg>").ToString();
    }

    private static int Rank(string method)
    {
        int i = Array.IndexOf(MethodOrder, method);
        return i < 0 ? MethodOrder.Length : i;
    }

    private static string Shorten(string label) => label.Length <= 18 ? label : label[..17] + "…";
}
