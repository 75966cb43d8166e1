using MLCycle.Metrics;

namespace MLCycle.Tests.Evaluation;

public class RegressionMetricsTests
{
    [Fact]
    public void Compute_four_values_matches_hand_computed_metrics()
    {
        // Errors 0.5, -0.5, 0, -1 -> SS_res 1.5, mse 0.375, mae 0.5.
        // Mean 2.875 -> SS_tot 0.015625 + 11.390625 + 0.765625 + 17.015625 = 29.1875 -> r2 1 - 1.5 / 29.1875.
        var result = RegressionMetrics.Compute([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]);

        Assert.Equal(TaskKind.Regression, result.Task);
        Assert.Equal(0.375, result["mse"], 12);
        Assert.Equal(Math.Sqrt(0.375), result["rmse"], 12);
        Assert.Equal(0.5, result["mae"], 12);
        Assert.Equal(1 - 1.5 / 29.1875, result["r2"], 12);
    }

    [Fact]
    public void Compute_predicting_the_mean_gives_r2_zero()
    {
        var result = RegressionMetrics.Compute([1, 2, 3], [2, 2, 2]);

        Assert.Equal(0, result["r2"], 12);
        Assert.Equal(Math.Sqrt(2.0 / 3), result["rmse"], 12);
    }

    [Fact]
    public void Compute_constant_actuals_gives_r2_one_when_perfect_and_zero_otherwise()
    {
        Assert.Equal(1, RegressionMetrics.Compute([5, 5], [5, 5])["r2"]);
        Assert.Equal(0, RegressionMetrics.Compute([5, 5], [4, 6])["r2"]);
    }

    [Fact]
    public void Compute_non_finite_prediction_names_the_row()
    {
        var ex = Assert.Throws<MLCycleException>(() => RegressionMetrics.Compute([1, 2], [1, double.NaN]));

        Assert.Contains("Row 2", ex.Message);
        Assert.Contains("predicted", ex.Message);
    }
}
