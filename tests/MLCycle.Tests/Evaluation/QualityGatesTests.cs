using MLCycle.Evaluation;
using MLCycle.Metrics;

namespace MLCycle.Tests.Evaluation;

public class QualityGatesTests
{
    private static readonly EvaluationResult BinaryModel = new()
    {
        Task = TaskKind.Binary,
        Metrics = new Dictionary<string, double> { ["auc"] = 0.8, ["f1"] = 0.6, ["log_loss"] = 0.45, ["accuracy"] = 0.75 },
    };

    private static readonly EvaluationResult BinaryBaseline = new()
    {
        Task = TaskKind.Binary,
        Metrics = new Dictionary<string, double> { ["auc"] = 0.5, ["f1"] = 0.7, ["log_loss"] = 0.6, ["accuracy"] = 0.75 },
    };

    private static GateResult Check(string gate) =>
        Assert.Single(QualityGates.Evaluate([QualityGate.Parse(gate)], BinaryModel, BinaryBaseline));

    [Theory]
    [InlineData("auc >= 0.8", true)]
    [InlineData("auc >= 0.80001", false)]
    [InlineData("auc > 0.8", false)]
    [InlineData("auc > 0.79", true)]
    [InlineData("log_loss <= 0.45", true)]
    [InlineData("log_loss <= 0.44", false)]
    [InlineData("log_loss < 0.45", false)]
    [InlineData("log_loss < 0.5", true)]
    [InlineData("accuracy == 0.75", true)]
    [InlineData("accuracy == 0.7", false)]
    public void Evaluate_each_operator_compares_the_model_value(string gate, bool passed)
    {
        var result = Check(gate);

        Assert.Equal(passed, result.Passed);
        Assert.Equal(gate, result.Gate);
        Assert.Equal(BinaryModel[gate.Split(' ')[0]], result.Actual);
    }

    [Fact]
    public void Evaluate_equal_tolerates_floating_point_rounding()
    {
        var model = new EvaluationResult { Task = TaskKind.Binary, Metrics = new Dictionary<string, double> { ["accuracy"] = 0.1 + 0.2 } };

        var result = Assert.Single(QualityGates.Evaluate([QualityGate.Parse("accuracy == 0.3")], model, model));

        Assert.True(result.Passed);
    }

    [Fact]
    public void Evaluate_comparison_reports_expected_condition()
    {
        Assert.Equal("auc >= 0.75", Check("auc>=0.75").Expected);
    }

    [Fact]
    public void Evaluate_beats_baseline_higher_is_better_passes_when_model_is_above()
    {
        var result = Check("beats_baseline");

        Assert.True(result.Passed);
        Assert.Equal(0.8, result.Actual);
        Assert.Equal("auc > 0.5 (baseline)", result.Expected);
    }

    [Fact]
    public void Evaluate_beats_baseline_higher_is_better_fails_when_model_is_below()
    {
        Assert.False(Check("f1 beats_baseline").Passed);
    }

    [Fact]
    public void Evaluate_beats_baseline_equal_scores_fail()
    {
        Assert.False(Check("accuracy beats_baseline").Passed);
    }

    [Fact]
    public void Evaluate_beats_baseline_lower_is_better_passes_when_model_error_is_below()
    {
        var result = Check("log_loss beats_baseline");

        Assert.True(result.Passed);
        Assert.Equal("log_loss < 0.6 (baseline)", result.Expected);
    }

    [Fact]
    public void Evaluate_beats_baseline_lower_is_better_fails_when_model_error_is_above()
    {
        var model = new EvaluationResult { Task = TaskKind.Regression, Metrics = new Dictionary<string, double> { ["rmse"] = 50 } };
        var baseline = new EvaluationResult { Task = TaskKind.Regression, Metrics = new Dictionary<string, double> { ["rmse"] = 40 } };

        var result = Assert.Single(QualityGates.Evaluate([QualityGate.Parse("beats_baseline")], model, baseline));

        Assert.False(result.Passed);
        Assert.Equal("rmse < 40 (baseline)", result.Expected);
    }

    [Fact]
    public void Evaluate_nan_metric_fails_its_gate()
    {
        var model = new EvaluationResult { Task = TaskKind.Binary, Metrics = new Dictionary<string, double> { ["auc"] = double.NaN } };

        var result = Assert.Single(QualityGates.Evaluate([QualityGate.Parse("auc >= 0.5")], model, model));

        Assert.False(result.Passed);
    }

    [Fact]
    public void Evaluate_unknown_metric_lists_available_keys()
    {
        var ex = Assert.Throws<MLCycleException>(() => Check("rmse <= 3"));

        Assert.Equal(ErrorKind.BadSpec, ex.Kind);
        Assert.Contains("'rmse <= 3'", ex.Message);
        Assert.Contains("unknown metric 'rmse' for a binary model", ex.Message);
        Assert.Contains("accuracy, auc, f1, log_loss", ex.Message);
    }

    [Fact]
    public void Evaluate_several_gates_keep_their_order()
    {
        var results = QualityGates.Evaluate(
            [QualityGate.Parse("auc >= 0.9"), QualityGate.Parse("beats_baseline")], BinaryModel, BinaryBaseline);

        Assert.Equal([false, true], results.Select(r => r.Passed));
    }
}
