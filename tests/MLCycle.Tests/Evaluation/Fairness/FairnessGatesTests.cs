using MLCycle.Data;
using MLCycle.Evaluation;
using MLCycle.Evaluation.Fairness;
using MLCycle.Metrics;

namespace MLCycle.Tests.Evaluation.Fairness;

public class FairnessGatesTests
{
    private static readonly EvaluationResult Model = new() { Task = TaskKind.Binary, Metrics = new Dictionary<string, double> { ["roc_auc"] = 0.8 } };

    // Group F: 40 rows, 10 predicted positive (selection 0.25); group M: 60 rows, 30 predicted positive (0.5). Ratio 0.5.
    private static IReadOnlyList<FairnessColumn> Fairness()
    {
        var sex = Enumerable.Repeat("F", 40).Concat(Enumerable.Repeat("M", 60)).ToArray();
        var actual = sex.Select((_, i) => i % 2 == 0 ? "yes" : "no").ToArray();
        var predicted = sex.Select((s, i) => s == "F" ? (i < 10 ? "yes" : "no") : (i < 70 ? "yes" : "no")).ToList();
        var rows = new Table(
        [
            TableColumn.FromStrings(new ColumnInfo("y", ColumnKind.Categorical, "VARCHAR"), actual),
            TableColumn.FromStrings(new ColumnInfo("sex", ColumnKind.Categorical, "VARCHAR"), sex),
        ]);
        return FairnessEvaluator.Evaluate(TaskKind.Binary, rows, "y", ["sex"], predicted.Select(l => new Prediction(l, null, null)).ToList(), ["no", "yes"]);
    }

    private static GateResult Check(string gate) =>
        Assert.Single(QualityGates.Evaluate([QualityGate.Parse(gate)], Model, Model, fairness: Fairness()));

    [Fact]
    public void Parse_fairness_gate_reads_column_and_group()
    {
        var summary = QualityGate.Parse("demographic_parity_ratio(race) >= 0.8");
        var group = QualityGate.Parse("tpr(sex=Female)>=0.7");

        Assert.Equal(("demographic_parity_ratio", "race", (string?)null, 0.8), (summary.Metric, summary.Column, summary.Group, summary.Threshold!.Value));
        Assert.Equal(("tpr", "sex", "Female", GateOperator.GreaterOrEqual), (group.Metric, group.Column, group.Group, group.Operator));
    }

    [Fact]
    public void Evaluate_failing_parity_ratio_names_the_lowest_and_highest_group()
    {
        var result = Check("demographic_parity_ratio(sex) >= 0.8");

        Assert.False(result.Passed);
        Assert.Equal(0.5, result.Actual!.Value, 12);
        Assert.Contains("lowest selection_rate: F 0.25 (n=40), highest: M 0.5 (n=60)", result.Expected);
    }

    [Fact]
    public void Evaluate_passing_parity_difference_passes()
    {
        var result = Check("demographic_parity_difference(sex) <= 0.3");

        Assert.True(result.Passed);
        Assert.Equal(0.25, result.Actual!.Value, 12);
    }

    [Fact]
    public void Evaluate_group_gate_reads_that_group()
    {
        var result = Check("selection_rate(sex=M) >= 0.6");

        Assert.False(result.Passed);
        Assert.Equal(0.5, result.Actual!.Value, 12);
    }

    [Fact]
    public void Evaluate_unknown_column_is_a_bad_spec_naming_the_sensitive_columns()
    {
        var error = Assert.Throws<MLCycleException>(() => Check("equalized_odds_difference(race) <= 0.1"));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains("'race'", error.Message);
        Assert.Contains("sensitive columns: sex", error.Message);
    }

    [Fact]
    public void Evaluate_unknown_group_is_a_bad_spec_listing_the_groups()
    {
        var error = Assert.Throws<MLCycleException>(() => Check("tpr(sex=X) >= 0.5"));

        Assert.Contains("groups are: M, F", error.Message);
    }

    [Fact]
    public void Evaluate_fairness_gate_without_sensitive_columns_is_a_bad_spec()
    {
        var error = Assert.Throws<MLCycleException>(() =>
            QualityGates.Evaluate([QualityGate.Parse("demographic_parity_ratio(sex) >= 0.8")], Model, Model));

        Assert.Contains("data.sensitive", error.Message);
    }
}
