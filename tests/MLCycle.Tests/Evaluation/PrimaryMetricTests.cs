using MLCycle.Metrics;

namespace MLCycle.Tests.Evaluation;

public class PrimaryMetricTests
{
    [Theory]
    [InlineData(TaskKind.Binary, "auc", true)]
    [InlineData(TaskKind.Multiclass, "macro_f1", true)]
    [InlineData(TaskKind.Regression, "rmse", false)]
    public void For_task_names_its_ranking_metric(TaskKind task, string key, bool higherIsBetter)
    {
        Assert.Equal(new MetricDirection(key, higherIsBetter), PrimaryMetric.For(task));
    }

    [Theory]
    [InlineData("auc", true)]
    [InlineData("r2", true)]
    [InlineData("accuracy", true)]
    [InlineData("rmse", false)]
    [InlineData("MAE", false)]
    [InlineData("log_loss", false)]
    public void IsHigherBetter_knows_scores_from_errors(string key, bool expected)
    {
        Assert.Equal(expected, PrimaryMetric.IsHigherBetter(key));
    }
}
