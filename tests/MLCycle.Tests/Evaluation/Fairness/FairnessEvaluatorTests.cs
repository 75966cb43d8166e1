using MLCycle.Data;
using MLCycle.Evaluation.Fairness;

namespace MLCycle.Tests.Evaluation.Fairness;

/// <summary>
/// Fairlearn's definitions, computed by hand on small cases (fairlearn is not installable here):
/// selection_rate = mean(pred == pos); TPR = TP / (TP + FN); FPR = FP / (FP + TN), both 0 when undefined (scikit-learn's
/// normalised confusion matrix); demographic_parity_difference = max - min selection rate; ratio = min / max;
/// equalized_odds_difference = max(TPR difference, FPR difference); equal_opportunity_difference = TPR difference.
/// </summary>
public class FairnessEvaluatorTests
{
    private static readonly string[] Classes = ["no", "yes"];

    // Group A: actual 1 1 0 0, predicted 1 0 1 0 -> selection 0.5, TPR 0.5, FPR 0.5, precision 0.5.
    // Group B: actual 1 1 0 0, predicted 1 1 0 0 -> selection 0.5, TPR 1, FPR 0, precision 1.
    // Group C: actual 1 0,     predicted 1 1     -> selection 1, TPR 1, FPR 1, precision 0.5.
    private static readonly string[] Group = ["A", "A", "A", "A", "B", "B", "B", "B", "C", "C"];
    private static readonly string[] Actual = ["yes", "yes", "no", "no", "yes", "yes", "no", "no", "yes", "no"];
    private static readonly string[] Predicted = ["yes", "no", "yes", "no", "yes", "yes", "no", "no", "yes", "yes"];
    private static readonly double[] Probability = [0.9, 0.4, 0.6, 0.1, 0.8, 0.7, 0.3, 0.2, 0.9, 0.6];

    private static Table Rows(string[] group, string[] actual, string[]? other = null) => new(
    [
        TableColumn.FromStrings(new ColumnInfo("y", ColumnKind.Categorical, "VARCHAR"), actual),
        TableColumn.FromStrings(new ColumnInfo("g", ColumnKind.Categorical, "VARCHAR"), group),
        .. other is null ? Array.Empty<TableColumn>() : [TableColumn.FromStrings(new ColumnInfo("h", ColumnKind.Categorical, "VARCHAR"), other)],
    ]);

    private static List<Prediction> Predictions() => Predicted.Select((label, i) =>
        new Prediction(label, new Dictionary<string, double> { ["no"] = 1 - Probability[i], ["yes"] = Probability[i] }, null)).ToList();

    [Fact]
    public void Evaluate_binary_groups_match_fairlearn_by_hand()
    {
        var column = Assert.Single(FairnessEvaluator.Evaluate(TaskKind.Binary, Rows(Group, Actual), "y", ["g"], Predictions(), Classes,
            new FairnessOptions { MinGroupSize = 0 }));

        Assert.Equal(["A", "B", "C"], column.Groups.Select(g => g.Group));
        var (a, b, c) = (column.Groups[0], column.Groups[1], column.Groups[2]);
        Assert.Equal((4, 0.5, 0.5, 0.5, 0.5), (a.Count, a.SelectionRate!.Value, a.Tpr!.Value, a.Fpr!.Value, a.Precision!.Value));
        Assert.Equal((4, 0.5, 1.0, 0.0, 1.0), (b.Count, b.SelectionRate!.Value, b.Tpr!.Value, b.Fpr!.Value, b.Precision!.Value));
        Assert.Equal((2, 1.0, 1.0, 1.0, 0.5), (c.Count, c.SelectionRate!.Value, c.Tpr!.Value, c.Fpr!.Value, c.Precision!.Value));
        // A's positives score 0.9 and 0.4, its negatives 0.6 and 0.1: 3 of 4 pairs ordered -> AUC 0.75.
        Assert.Equal(0.75, a.RocAuc!.Value, 12);
        Assert.Equal(0.5, column.DemographicParityDifference!.Value, 12);
        Assert.Equal(0.5, column.DemographicParityRatio!.Value, 12);
        Assert.Equal(1.0, column.EqualizedOddsDifference!.Value, 12);
        Assert.Equal(0.5, column.EqualOpportunityDifference!.Value, 12);
        Assert.Null(column.Note);
    }

    [Fact]
    public void Evaluate_group_under_minimum_is_listed_as_too_small_and_left_out_of_summaries()
    {
        var column = Assert.Single(FairnessEvaluator.Evaluate(TaskKind.Binary, Rows(Group, Actual), "y", ["g"], Predictions(), Classes,
            new FairnessOptions { MinGroupSize = 3 }));

        Assert.Equal(3, column.Groups.Count);
        Assert.True(column.Groups.Single(g => g.Group == "C").TooSmall);
        // A and B only: selection 0.5 and 0.5, TPR 0.5 and 1, FPR 0.5 and 0.
        Assert.Equal(0.0, column.DemographicParityDifference!.Value, 12);
        Assert.Equal(1.0, column.DemographicParityRatio!.Value, 12);
        Assert.Equal(0.5, column.EqualizedOddsDifference!.Value, 12);
        Assert.Equal(0.5, column.EqualOpportunityDifference!.Value, 12);
        Assert.Contains("'C' (2)", column.Note);
    }

    [Fact]
    public void Evaluate_one_group_large_enough_gives_NaN_summaries_with_a_note()
    {
        var column = Assert.Single(FairnessEvaluator.Evaluate(TaskKind.Binary, Rows(Group, Actual), "y", ["g"], Predictions(), Classes,
            new FairnessOptions { MinGroupSize = 5 }));

        Assert.True(double.IsNaN(column.DemographicParityRatio!.Value));
        Assert.Contains("fewer than two groups", column.Note);
    }

    [Fact]
    public void Evaluate_group_without_positives_has_TPR_0_as_fairlearn()
    {
        var column = Assert.Single(FairnessEvaluator.Evaluate(TaskKind.Binary,
            Rows(["A", "A", "B", "B"], ["no", "no", "yes", "no"]), "y", ["g"], Predictions().Take(4).ToList(), Classes, new FairnessOptions { MinGroupSize = 0 }));

        var a = column.Groups.Single(g => g.Group == "A");
        Assert.Equal(0.0, a.Tpr);
        Assert.True(double.IsNaN(a.RocAuc!.Value));
    }

    [Fact]
    public void Evaluate_two_columns_adds_their_intersection()
    {
        string[] other = ["x", "y", "x", "y", "x", "y", "x", "y", "x", "y"];
        var columns = FairnessEvaluator.Evaluate(TaskKind.Binary, Rows(Group, Actual, other), "y", ["g", "h"], Predictions(), Classes,
            new FairnessOptions { MinGroupSize = 0 });

        Assert.Equal(["g", "h", "g&h"], columns.Select(c => c.Column));
        Assert.Equal(6, columns[2].Groups.Count);
        var ax = columns[2].Groups.Single(g => g.Group == "A&x");
        // Rows 0 and 2: actual yes/no, predicted yes/yes.
        Assert.Equal((2, 1.0, 1.0, 1.0), (ax.Count, ax.SelectionRate!.Value, ax.Tpr!.Value, ax.Fpr!.Value));
    }

    [Fact]
    public void Evaluate_regression_gives_mean_prediction_and_mae_per_group()
    {
        var rows = new Table(
        [
            TableColumn.FromNumbers(new ColumnInfo("y", ColumnKind.Numeric, "DOUBLE"), [1, 2, 3, 10, 20]),
            TableColumn.FromStrings(new ColumnInfo("g", ColumnKind.Categorical, "VARCHAR"), ["A", "A", "A", "B", "B"]),
        ]);
        double[] predicted = [2, 2, 2, 12, 16];
        var column = Assert.Single(FairnessEvaluator.Evaluate(TaskKind.Regression, rows, "y", ["g"],
            predicted.Select(v => new Prediction(null, null, v)).ToList(), [], new FairnessOptions { MinGroupSize = 0 }));

        var (a, b) = (column.Groups[0], column.Groups[1]);
        Assert.Equal((2.0, 2.0 / 3), (a.MeanPrediction!.Value, a.Mae!.Value));
        Assert.Equal((14.0, 3.0), (b.MeanPrediction!.Value, b.Mae!.Value));
        Assert.Equal(12.0, column.MeanPredictionDifference!.Value, 12);
        Assert.Equal(3.0 - 2.0 / 3, column.MaeDifference!.Value, 12);
        Assert.Null(column.DemographicParityDifference);
    }

    [Fact]
    public void Evaluate_multiclass_gives_one_vs_rest_rates_per_class()
    {
        var rows = new Table(
        [
            TableColumn.FromStrings(new ColumnInfo("y", ColumnKind.Categorical, "VARCHAR"), ["a", "b", "c", "a", "b", "c"]),
            TableColumn.FromStrings(new ColumnInfo("g", ColumnKind.Categorical, "VARCHAR"), ["G", "G", "G", "H", "H", "H"]),
        ]);
        string[] predicted = ["a", "b", "c", "a", "a", "a"];
        var column = Assert.Single(FairnessEvaluator.Evaluate(TaskKind.Multiclass, rows, "y", ["g"],
            predicted.Select(l => new Prediction(l, null, null)).ToList(), ["a", "b", "c"], new FairnessOptions { MinGroupSize = 0 }));

        var h = column.Groups.Single(g => g.Group == "H").Classes!;
        // H predicts 'a' for all three rows: selection 1, TPR 1, FPR 2/2 = 1; 'b' is never predicted: selection 0, TPR 0, FPR 0.
        Assert.Equal(new FairnessClassRates("a", 1, 1, 1), h[0]);
        Assert.Equal(new FairnessClassRates("b", 0, 0, 0), h[1]);
        // Class 'a': selection 1/3 (G) vs 1 (H) -> difference 2/3, ratio 1/3; FPR 0 vs 1 -> equalized odds 1.
        Assert.Equal(2.0 / 3, column.DemographicParityDifference!.Value, 12);
        Assert.Equal(0.0, column.DemographicParityRatio!.Value, 12);
        Assert.Equal(1.0, column.EqualizedOddsDifference!.Value, 12);
    }

    [Fact]
    public void Evaluate_numeric_column_with_many_values_is_cut_into_bands()
    {
        var ages = Enumerable.Range(20, 40).Select(a => (double)a).ToArray();
        var rows = new Table(
        [
            TableColumn.FromStrings(new ColumnInfo("y", ColumnKind.Categorical, "VARCHAR"), ages.Select((_, i) => i % 2 == 0 ? "yes" : "no").ToArray()),
            TableColumn.FromNumbers(new ColumnInfo("age", ColumnKind.Numeric, "DOUBLE"), ages),
        ]);
        var predictions = ages.Select(a => new Prediction(a < 40 ? "yes" : "no", null, null)).ToList();
        var column = Assert.Single(FairnessEvaluator.Evaluate(TaskKind.Binary, rows, "y", ["age"], predictions, Classes, new FairnessOptions { MinGroupSize = 0 }));

        Assert.Equal(4, column.Groups.Count);
        Assert.All(column.Groups, g => Assert.Equal(10, g.Count));
        Assert.Contains(column.Groups, g => g.Group == "[50, 59]");
    }

    [Fact]
    public void Evaluate_missing_column_is_a_bad_spec_naming_it()
    {
        var error = Assert.Throws<MLCycleException>(() =>
            FairnessEvaluator.Evaluate(TaskKind.Binary, Rows(Group, Actual), "y", ["race"], Predictions(), Classes));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains("'race'", error.Message);
    }
}
