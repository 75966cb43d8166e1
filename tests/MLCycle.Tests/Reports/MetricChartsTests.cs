using MLCycle.Reports;
using MLCycle.Tracking;

namespace MLCycle.Tests.Reports;

public sealed class MetricChartsTests
{
    [Fact]
    public void History_takes_the_latest_value_of_a_step_logged_twice_and_names_the_last()
    {
        var t = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var svg = MetricCharts.History("loss", [new Metric("loss", 0.9, 0, t), new Metric("loss", 0.5, 1, t), new Metric("loss", 0.4, 1, t.AddSeconds(1))]);

        Assert.Contains("aria-label=\"loss by step, 2 steps, last 0.4\"", svg, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(svg, "<circle"));
    }

    [Fact]
    public void History_of_a_cross_validation_metric_names_its_steps_folds()
    {
        var t = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var svg = MetricCharts.History("cv.lightgbm.auc", [new Metric("cv.lightgbm.auc", 0.8, 0, t), new Metric("cv.lightgbm.auc", 0.7, 1, t)], "fold");

        Assert.Contains("aria-label=\"cv.lightgbm.auc by fold, 2 folds, last 0.7\"", svg, StringComparison.Ordinal);
        Assert.Contains(">fold</text>", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Bars_leave_out_runs_without_a_value_and_label_the_others()
    {
        var svg = MetricCharts.Bars("auc", [("a", 0.8), ("b", double.NaN), ("c", 0.6)]);

        Assert.Equal(2, CountOf(svg, "<rect class=\"bar\""));
        Assert.Contains("aria-label=\"auc by run: a 0.8; c 0.6\"", svg, StringComparison.Ordinal);
        Assert.Equal("", MetricCharts.Bars("auc", [("b", double.NaN)]));
    }

    [Fact]
    public void OverTime_leaves_out_values_that_are_not_numbers_and_counts_days_from_the_first_point()
    {
        var t = new DateTimeOffset(2026, 1, 1, 6, 0, 0, TimeSpan.Zero);
        var svg = MetricCharts.OverTime("worst PSI", [(t.AddDays(2), 0.31), (t, 0.04), (t.AddDays(1), double.NaN)]);

        Assert.Contains("aria-label=\"worst PSI over time, 2 points, last 0.31\"", svg, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(svg, "<circle"));
        Assert.Contains(">days since 2026-01-01 06:00 UTC</text>", svg, StringComparison.Ordinal);
        Assert.Equal("", MetricCharts.OverTime("worst PSI", [(t, double.NaN)]));
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
