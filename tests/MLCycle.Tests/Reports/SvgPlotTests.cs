using MLCycle.Reports;

namespace MLCycle.Tests.Reports;

public class SvgPlotTests
{
    [Fact]
    public void Ticks_unit_interval_steps_by_one_fifth()
    {
        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8, 1.0], SvgPlot.Ticks(0, 1).Select(t => Math.Round(t, 10)));
    }

    [Fact]
    public void Ticks_large_range_uses_round_steps()
    {
        // Range 350000 / 5 = 70000 -> rounded to a step of 50000.
        Assert.Equal([0, 50000, 100000, 150000, 200000, 250000, 300000, 350000], SvgPlot.Ticks(0, 350000));
    }

    [Fact]
    public void Ticks_start_at_first_round_value_inside_the_range()
    {
        Assert.Equal([-2, 0, 2, 4, 6, 8], SvgPlot.Ticks(-3, 9.5));
    }

    [Fact]
    public void Thin_keeps_every_kth_point_and_the_last()
    {
        var thinned = ReportCharts.Thin(Enumerable.Range(0, 10).ToArray(), 4);

        Assert.Equal([0, 3, 6, 9], thinned);
    }

    [Fact]
    public void Thin_short_series_is_untouched()
    {
        int[] points = [1, 2, 3];

        Assert.Same(points, ReportCharts.Thin(points, 5));
    }
}
