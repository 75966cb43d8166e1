using MLCycle.Evaluation;
using MLCycle.Reports;

namespace MLCycle.Tests.Reports;

public sealed class SliceBarChartTests
{
    private static SliceReport Slice(string column, string? value, int rows, params (string Key, double Value)[] metrics) =>
        new(column, value, rows, metrics.ToDictionary(m => m.Key, m => m.Value), new Dictionary<string, string>());

    [Fact]
    public void For_binarySlices_drawsOneBarPerValueOfTheHeadlineMetricAndTheWholeAsALine()
    {
        List<SliceReport> slices = [Slice("contract", "Month-to-month", 800, ("roc_auc", 0.71), ("accuracy", 0.70)),
            Slice("contract", "Two year", 300, ("roc_auc", 0.88), ("accuracy", 0.93)), Slice("contract", null, 4, ("roc_auc", 0.5))];

        var svg = SliceBarChart.For(slices, new Dictionary<string, double> { ["roc_auc"] = 0.8372, ["accuracy"] = 0.8 });

        Assert.Contains("aria-label=\"roc_auc per slice, all rows 0.8372\"", svg);
        Assert.Equal(3, svg.Split("<rect class=\"bar\"").Length - 1);
        Assert.Contains("contract = Month-to-month: roc_auc 0.71 on 800 rows", svg);
        Assert.Contains("contract = (missing)", svg);
        Assert.Contains("<title>all rows: 0.8372</title>", svg);
    }

    [Fact]
    public void For_regressionSlices_usesRmseAndEncodesValues()
    {
        List<SliceReport> slices = [Slice("city", "<Paris & co>", 10, ("rmse", 12.5), ("mae", 9))];

        var svg = SliceBarChart.For(slices, null);

        Assert.Contains("aria-label=\"rmse per slice\"", svg);
        Assert.Contains("city = &lt;Paris &amp; co&gt;", svg);
        Assert.DoesNotContain("all rows", svg);
    }

    [Fact]
    public void For_slicesWithoutAHeadlineMetric_drawsNothing() =>
        Assert.Equal("", SliceBarChart.For([Slice("x", "a", 1)], null));

    [Fact]
    public void EvaluationRender_withSlices_drawsTheSliceBarsAboveTheTable()
    {
        var report = new EvaluationReport
        {
            Source = "scored.csv", Rows = 12, Task = TaskKind.Binary, TaskReason = "test", Target = "churn",
            Metrics = new Dictionary<string, double> { ["roc_auc"] = 0.75 },
            Slices = [Slice("contract", "One year", 6, ("roc_auc", 0.6)), Slice("contract", "Two year", 6, ("roc_auc", 0.9))],
        };

        var html = EvaluationHtmlWriter.Render(report);

        var chart = html.IndexOf("aria-label=\"roc_auc per slice, all rows 0.75\"", StringComparison.Ordinal);
        Assert.True(chart > html.IndexOf("<section id=\"slices\">", StringComparison.Ordinal) && chart < html.IndexOf("<table", chart, StringComparison.Ordinal));
    }
}
