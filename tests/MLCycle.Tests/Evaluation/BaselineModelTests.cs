using MLCycle.Metrics;
using MLCycle.Training;

namespace MLCycle.Tests.Evaluation;

public class BaselineModelTests
{
    [Fact]
    public void Fit_classification_predicts_majority_with_training_priors()
    {
        var baseline = BaselineModel.Fit(TaskKind.Multiclass, ["b", "a", "b", null, "c", "b"], ["a", "b", "c"]);

        var prediction = baseline.Predict();

        Assert.Equal("b", prediction.Label);
        Assert.Equal(0.2, prediction.Probabilities!["a"], 12);
        Assert.Equal(0.6, prediction.Probabilities["b"], 12);
        Assert.Equal(0.2, prediction.Probabilities["c"], 12);
        Assert.Null(prediction.Value);
    }

    [Fact]
    public void Fit_classification_tie_goes_to_first_listed_class()
    {
        var baseline = BaselineModel.Fit(TaskKind.Binary, ["Yes", "No"], ["No", "Yes"]);

        Assert.Equal("No", baseline.Predict().Label);
    }

    [Fact]
    public void Fit_class_absent_from_training_gets_prior_zero()
    {
        var baseline = BaselineModel.Fit(TaskKind.Multiclass, ["a", "a"], ["a", "b"]);

        Assert.Equal(0, baseline.Predict().Probabilities!["b"]);
    }

    [Fact]
    public void Fit_regression_predicts_training_mean()
    {
        var baseline = BaselineModel.Fit([1.0, 2.0, 6.0]);

        var predictions = baseline.Predict(4);

        Assert.Equal(TaskKind.Regression, baseline.Task);
        Assert.Equal(4, predictions.Count);
        Assert.All(predictions, p => Assert.Equal(3.0, p.Value));
    }

    [Fact]
    public void Predict_binary_baseline_scores_auc_one_half_on_any_data()
    {
        var baseline = BaselineModel.Fit(TaskKind.Binary, ["No", "No", "Yes"], ["No", "Yes"]);

        var result = ModelEvaluator.Evaluate(TaskKind.Binary, ["Yes", "No", "No", "Yes"], baseline.Predict(4), ["No", "Yes"]);

        Assert.Equal(0.5, result["auc"], 12);
        Assert.Equal(0.5, result["accuracy"], 12); // always "No"
    }

    [Fact]
    public void Fit_label_outside_classes_names_the_row()
    {
        var ex = Assert.Throws<MLCycleException>(() => BaselineModel.Fit(TaskKind.Binary, ["No", "maybe"], ["No", "Yes"]));

        Assert.Contains("Row 2", ex.Message);
        Assert.Contains("'maybe'", ex.Message);
    }

    [Fact]
    public void Fit_without_labelled_rows_throws()
    {
        var ex = Assert.Throws<MLCycleException>(() => BaselineModel.Fit(TaskKind.Binary, [null, null], ["No", "Yes"]));

        Assert.Contains("no labelled rows", ex.Message);
    }

    [Fact]
    public void Fit_regression_with_non_finite_value_names_the_row()
    {
        var ex = Assert.Throws<MLCycleException>(() => BaselineModel.Fit([1.0, double.PositiveInfinity]));

        Assert.Contains("Row 2", ex.Message);
    }
}
