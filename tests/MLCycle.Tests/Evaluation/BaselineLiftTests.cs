using MLCycle.Evaluation;

namespace MLCycle.Tests.Evaluation;

public class BaselineLiftTests
{
    [Fact]
    public void Compute_higher_is_better_metric_is_relative_gain()
    {
        Assert.Equal(0.6, BaselineLift.Compute("auc", 0.8, 0.5), 12);
        Assert.Equal(-0.2, BaselineLift.Compute("auc", 0.4, 0.5), 12);
    }

    [Fact]
    public void Compute_lower_is_better_metric_is_relative_reduction()
    {
        Assert.Equal(0.25, BaselineLift.Compute("rmse", 30000, 40000), 12);
        Assert.Equal(-0.5, BaselineLift.Compute("rmse", 60000, 40000), 12);
    }

    [Fact]
    public void Compute_negative_baseline_keeps_the_sign_of_improvement()
    {
        // r2 of a mean baseline on test data is often slightly negative; a better model must still give a positive lift.
        Assert.Equal(9.0, BaselineLift.Compute("r2", 0.8, -0.1), 12);
    }

    [Fact]
    public void Compute_zero_baseline_is_nan()
    {
        Assert.True(double.IsNaN(BaselineLift.Compute("macro_f1", 0.5, 0)));
    }
}
