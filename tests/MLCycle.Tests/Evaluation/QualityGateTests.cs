using MLCycle.Evaluation;

namespace MLCycle.Tests.Evaluation;

public class QualityGateTests
{
    [Theory]
    [InlineData("auc >= 0.75", "auc", GateOperator.GreaterOrEqual, 0.75)]
    [InlineData("auc>0.7", "auc", GateOperator.Greater, 0.7)]
    [InlineData("rmse <= 30000", "rmse", GateOperator.LessOrEqual, 30000)]
    [InlineData("  log_loss < 0.5 ", "log_loss", GateOperator.Less, 0.5)]
    [InlineData("R2 == 1e-1", "r2", GateOperator.Equal, 0.1)]
    [InlineData("r2 >= -0.5", "r2", GateOperator.GreaterOrEqual, -0.5)]
    public void Parse_comparison_reads_metric_operator_and_number(string text, string metric, GateOperator op, double threshold)
    {
        var gate = QualityGate.Parse(text);

        Assert.Equal(metric, gate.Metric);
        Assert.Equal(op, gate.Operator);
        Assert.Equal(threshold, gate.Threshold);
        Assert.Equal(text.Trim(), gate.Text);
    }

    [Fact]
    public void Parse_bare_beats_baseline_leaves_metric_to_the_task()
    {
        var gate = QualityGate.Parse("beats_baseline");

        Assert.Null(gate.Metric);
        Assert.Equal(GateOperator.BeatsBaseline, gate.Operator);
        Assert.Null(gate.Threshold);
    }

    [Fact]
    public void Parse_metric_beats_baseline_names_the_metric()
    {
        var gate = QualityGate.Parse("F1 beats_baseline");

        Assert.Equal("f1", gate.Metric);
        Assert.Equal(GateOperator.BeatsBaseline, gate.Operator);
    }

    [Theory]
    [InlineData("auc => 0.75")]
    [InlineData("auc 0.75")]
    [InlineData(">= 0.75")]
    [InlineData("auc >=")]
    [InlineData("beats baseline")]
    [InlineData("auc >= 0.7 and f1 > 0.5")]
    public void Parse_malformed_gate_says_what_was_expected(string text)
    {
        var ex = Assert.Throws<MLCycleException>(() => QualityGate.Parse(text));

        Assert.Equal(ErrorKind.BadSpec, ex.Kind);
        Assert.Contains($"'{text}'", ex.Message);
        Assert.Contains("expected '<metric> <op> <number>'", ex.Message);
    }

    [Fact]
    public void Parse_non_numeric_threshold_names_the_value()
    {
        var ex = Assert.Throws<MLCycleException>(() => QualityGate.Parse("auc >= high"));

        Assert.Equal(ErrorKind.BadSpec, ex.Kind);
        Assert.Contains("'high' is not a number", ex.Message);
    }

    [Fact]
    public void Parse_empty_text_is_a_spec_error()
    {
        var ex = Assert.Throws<MLCycleException>(() => QualityGate.Parse("  "));

        Assert.Equal(ErrorKind.BadSpec, ex.Kind);
        Assert.Contains("empty", ex.Message);
    }
}
