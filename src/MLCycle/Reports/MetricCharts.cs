using MLCycle.Tracking;

namespace MLCycle.Reports;

/// <summary>The dashboard's charts, drawn with the run report's <see cref="SvgPlot"/> so pages need no script: a metric's
/// history over its steps, and one metric across runs as bars. Each is returned as an inline SVG string.</summary>
public static class MetricCharts
{
    /// <summary>A metric's values by step (the latest value of a step when it was logged twice), thinned to 500 points;
    /// <paramref name="stepName"/> names the axis ("fold" for cross-validation metrics, whose step is the fold).</summary>
    public static string History(string key, IReadOnlyList<Metric> history, string stepName = "step")
    {
        ArgumentNullException.ThrowIfNull(history);
        var points = history.Where(m => double.IsFinite(m.Value)).GroupBy(m => m.Step)
            .Select(g => ((double)g.Key, g.OrderBy(m => m.Timestamp).Last().Value)).OrderBy(p => p.Item1).ToList();
        if (points.Count == 0) return "";
        var plot = new SvgPlot(480, 240, (points[0].Item1, points[^1].Item1), (points.Min(p => p.Item2), points.Max(p => p.Item2)));
        var thinned = ReportCharts.Thin(points, 500);
        plot.Polyline(thinned, "curve");
        plot.Points(thinned, "dots");
        return plot.ToSvg($"{key} by {stepName}, {points.Count} {stepName}s, last {HtmlText.Number(points[^1].Item2)}", stepName, key);
    }

    /// <summary>A value by wall-clock time (the worst PSI of each drift check), the x axis in days since the first point;
    /// points without a finite value are left out.</summary>
    public static string OverTime(string name, IReadOnlyList<(DateTimeOffset Time, double Value)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var shown = points.Where(p => double.IsFinite(p.Value)).OrderBy(p => p.Time).ToList();
        if (shown.Count == 0) return "";
        var first = shown[0].Time;
        var xy = shown.Select(p => ((p.Time - first).TotalDays, p.Value)).ToList();
        var plot = new SvgPlot(480, 240, (xy[0].Item1, xy[^1].Item1), (Math.Min(0, xy.Min(p => p.Item2)), xy.Max(p => p.Item2)));
        plot.Polyline(xy, "curve");
        plot.Points(xy, "dots");
        return plot.ToSvg($"{name} over time, {shown.Count} points, last {HtmlText.Number(shown[^1].Value)}",
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"days since {first.UtcDateTime:yyyy-MM-dd HH:mm} UTC"), name);
    }

    /// <summary>One bar per run for <paramref name="metric"/>; runs without a finite value are left out of the chart.</summary>
    public static string Bars(string metric, IReadOnlyList<(string Label, double Value)> bars)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var shown = bars.Where(b => double.IsFinite(b.Value)).ToList();
        if (shown.Count == 0) return "";
        double low = Math.Min(0, shown.Min(b => b.Value)), high = Math.Max(0, shown.Max(b => b.Value));
        var plot = new SvgPlot(Math.Max(320, 70 * shown.Count + 64), 260, (0, shown.Count), (low, high));
        for (int i = 0; i < shown.Count; i++)
        {
            plot.Bar(i + 0.15, i + 0.85, shown[i].Value, "bar");
            plot.Label(i + 0.5, shown[i].Value, HtmlText.Number(shown[i].Value), "value");
        }
        var described = string.Join("; ", shown.Select(b => $"{b.Label} {HtmlText.Number(b.Value)}"));
        return plot.ToSvg($"{metric} by run: {described}", "run (in the order of the table)", metric);
    }
}
