using MLCycle.Metrics;

namespace MLCycle.Tests.Evaluation;

public class ModelEvaluatorTests
{
    private static Prediction Binary(string label, double yes) =>
        new(label, new Dictionary<string, double> { ["No"] = 1 - yes, ["Yes"] = yes }, null);

    // The six-row case of BinaryMetricsTests with "Yes" as the positive class.
    private static readonly string?[] Labels = ["Yes", "No", "Yes", "Yes", "No", "No"];
    private static readonly Prediction[] Predictions =
    [
        Binary("Yes", 0.9), Binary("Yes", 0.8), Binary("Yes", 0.7), Binary("No", 0.4), Binary("No", 0.3), Binary("No", 0.2),
    ];

    [Fact]
    public void Evaluate_binary_reads_positive_probability_from_second_class_by_default()
    {
        var result = ModelEvaluator.Evaluate(TaskKind.Binary, Labels, Predictions, ["No", "Yes"]);

        Assert.Equal(7.0 / 9, result["auc"], 12);
        Assert.Equal(29.0 / 36, result["pr_auc"], 12);
        Assert.Equal(["No", "Yes"], result.Classes);
    }

    [Fact]
    public void Evaluate_binary_with_first_class_positive_flips_the_scores()
    {
        var result = ModelEvaluator.Evaluate(TaskKind.Binary, Labels, Predictions, ["No", "Yes"], positiveClass: "No");

        // Ranking "No" by 1 - p(Yes) is the same ranking reversed, so AUC stays 7/9.
        Assert.Equal(7.0 / 9, result["auc"], 12);
        Assert.Equal(["Yes", "No"], result.Classes);
        Assert.Equal([[2L, 1L], [1L, 2L]], result.ConfusionMatrix!);
    }

    [Fact]
    public void Evaluate_binary_with_only_one_class_probability_takes_the_complement_for_the_other()
    {
        var predictions = Predictions.Select(p => p with { Probabilities = new Dictionary<string, double> { ["No"] = p.Probabilities!["No"] } }).ToArray();

        var result = ModelEvaluator.Evaluate(TaskKind.Binary, Labels, predictions, ["No", "Yes"]);

        Assert.Equal(7.0 / 9, result["auc"], 12);
        Assert.Equal(2.0 / 3, result["f1"], 12);
    }

    [Fact]
    public void Evaluate_multiclass_without_probabilities_uses_labels_as_certain()
    {
        Prediction[] predictions = [new("a", null, null), new("b", null, null), new("b", null, null)];

        var result = ModelEvaluator.Evaluate(TaskKind.Multiclass, ["a", "a", "b"], predictions, ["a", "b", "c"]);

        Assert.Equal(2.0 / 3, result["accuracy"], 12);
        Assert.Equal([[1L, 1L, 0L], [0L, 1L, 0L], [0L, 0L, 0L]], result.ConfusionMatrix!);
    }

    [Fact]
    public void Evaluate_regression_reads_prediction_values()
    {
        Prediction[] predictions = [new(null, null, 2.5), new(null, null, 0.0), new(null, null, 2), new(null, null, 8)];

        var result = ModelEvaluator.Evaluate([3, -0.5, 2, 7], predictions);

        Assert.Equal(0.375, result["mse"], 12);
    }

    [Fact]
    public void Evaluate_binary_test_rows_of_one_class_give_nan_auc_without_crashing()
    {
        var result = ModelEvaluator.Evaluate(TaskKind.Binary, ["No", "No"], [Binary("Yes", 0.7), Binary("No", 0.2)], ["No", "Yes"]);

        Assert.True(double.IsNaN(result["auc"]));
        Assert.Equal(0.5, result["accuracy"], 12);
        Assert.Equal(0, result["precision"]);
    }

    [Fact]
    public void Evaluate_missing_actual_label_names_the_row()
    {
        var ex = Assert.Throws<MLCycleException>(() =>
            ModelEvaluator.Evaluate(TaskKind.Binary, ["Yes", null], [Binary("Yes", 0.9), Binary("No", 0.1)], ["No", "Yes"]));

        Assert.Contains("Row 2", ex.Message);
        Assert.Contains("missing", ex.Message);
    }

    [Fact]
    public void Evaluate_unknown_actual_label_lists_the_classes()
    {
        var ex = Assert.Throws<MLCycleException>(() =>
            ModelEvaluator.Evaluate(TaskKind.Binary, ["Maybe"], [Binary("Yes", 0.9)], ["No", "Yes"]));

        Assert.Contains("'Maybe'", ex.Message);
        Assert.Contains("No, Yes", ex.Message);
    }

    [Fact]
    public void Evaluate_unknown_positive_class_is_a_spec_error()
    {
        var ex = Assert.Throws<MLCycleException>(() =>
            ModelEvaluator.Evaluate(TaskKind.Binary, Labels, Predictions, ["No", "Yes"], positiveClass: "yes"));

        Assert.Equal(ErrorKind.BadSpec, ex.Kind);
        Assert.Contains("'yes'", ex.Message);
    }

    [Fact]
    public void Evaluate_binary_with_three_classes_is_a_spec_error()
    {
        var ex = Assert.Throws<MLCycleException>(() =>
            ModelEvaluator.Evaluate(TaskKind.Binary, ["a"], [new Prediction("a", null, null)], ["a", "b", "c"]));

        Assert.Equal(ErrorKind.BadSpec, ex.Kind);
        Assert.Contains("exactly 2 classes", ex.Message);
    }

    [Fact]
    public void Evaluate_prediction_without_probabilities_or_known_label_names_the_row()
    {
        var ex = Assert.Throws<MLCycleException>(() =>
            ModelEvaluator.Evaluate(TaskKind.Multiclass, ["a", "b"], [new("a", null, null), new("z", null, null)], ["a", "b"]));

        Assert.Contains("Row 2", ex.Message);
        Assert.Contains("'z'", ex.Message);
    }

    [Fact]
    public void Evaluate_regression_prediction_without_value_names_the_row()
    {
        var ex = Assert.Throws<MLCycleException>(() => ModelEvaluator.Evaluate([1.0], [new Prediction("a", null, null)]));

        Assert.Contains("Row 1", ex.Message);
    }

    [Fact]
    public void Evaluate_more_predictions_than_labels_throws()
    {
        var ex = Assert.Throws<MLCycleException>(() =>
            ModelEvaluator.Evaluate(TaskKind.Binary, ["Yes"], Predictions, ["No", "Yes"]));

        Assert.Contains("1 actual values but 6 predictions", ex.Message);
    }

    [Fact]
    public void Evaluate_binaryLabelsFromADecisionThreshold_countTheLabelNotHalf()
    {
        // A model with decision threshold 0.25 labels 0.3 and 0.4 Yes; its precision and recall follow those labels,
        // as serving and mlcycle predict report them, while AUC reads only the probabilities.
        Prediction[] predictions = [Binary("Yes", 0.9), Binary("Yes", 0.4), Binary("Yes", 0.3), Binary("No", 0.2)];

        var result = ModelEvaluator.Evaluate(TaskKind.Binary, ["Yes", "No", "Yes", "No"], predictions, ["No", "Yes"]);

        Assert.Equal(1.0, result["recall"], 12);
        Assert.Equal(2.0 / 3, result["precision"], 12);
        Assert.Equal(0.75, result["auc"], 12);
    }
}
