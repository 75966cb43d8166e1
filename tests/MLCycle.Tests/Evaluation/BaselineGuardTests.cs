using MLCycle.Evaluation;
using MLCycle.Metrics;

namespace MLCycle.Tests.Evaluation;

public class BaselineGuardTests
{
    private static EvaluationResult Result(TaskKind task, params (string Key, double Value)[] metrics) =>
        new() { Task = task, Metrics = metrics.ToDictionary(m => m.Key, m => m.Value) };

    [Fact]
    public void WorseThanBaseline_better_auc_and_log_loss_is_null()
    {
        var why = BaselineGuard.WorseThanBaseline(TaskKind.Binary,
            Result(TaskKind.Binary, ("auc", 0.8), ("log_loss", 0.5)), Result(TaskKind.Binary, ("auc", 0.5), ("log_loss", 0.61)));

        Assert.Null(why);
    }

    [Fact]
    public void WorseThanBaseline_better_auc_but_worse_log_loss_names_log_loss()
    {
        // German credit as a new user met it: test AUC 0.75 but log loss 0.676 against the baseline's 0.611.
        var why = BaselineGuard.WorseThanBaseline(TaskKind.Binary,
            Result(TaskKind.Binary, ("auc", 0.75), ("log_loss", 0.676)), Result(TaskKind.Binary, ("auc", 0.5), ("log_loss", 0.611)));

        Assert.Equal("test log_loss 0.676 is worse than the baseline's 0.611", why);
    }

    [Fact]
    public void WorseThanBaseline_regression_error_above_the_baseline_names_rmse()
    {
        var why = BaselineGuard.WorseThanBaseline(TaskKind.Regression,
            Result(TaskKind.Regression, ("rmse", 81000)), Result(TaskKind.Regression, ("rmse", 80000)));

        Assert.Equal("test rmse 81000 is worse than the baseline's 80000", why);
    }

    [Fact]
    public void WorseThanBaseline_multiclass_macro_f1_below_the_baseline_names_it_first()
    {
        var why = BaselineGuard.WorseThanBaseline(TaskKind.Multiclass,
            Result(TaskKind.Multiclass, ("macro_f1", 0.1), ("log_loss", 2.0)), Result(TaskKind.Multiclass, ("macro_f1", 0.2), ("log_loss", 1.0)));

        Assert.Equal("test macro_f1 0.1 is worse than the baseline's 0.2", why);
    }

    [Fact]
    public void WorseThanBaseline_nan_model_score_counts_as_worse()
    {
        var why = BaselineGuard.WorseThanBaseline(TaskKind.Binary,
            Result(TaskKind.Binary, ("auc", double.NaN)), Result(TaskKind.Binary, ("auc", 0.5)));

        Assert.NotNull(why);
    }
}
