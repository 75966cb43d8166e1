using MLCycle.Evaluation;
using MLCycle.Metrics;

namespace MLCycle.Tests.Evaluation;

public class FitDiagnosisTests
{
    private static EvaluationResult Result(TaskKind task, string key, double value) =>
        new() { Task = task, Metrics = new Dictionary<string, double> { [key] = value } };

    private static FitVerdict Binary(double train, double test, double baseline, double? cv = null) =>
        FitDiagnosis.Diagnose(TaskKind.Binary, Result(TaskKind.Binary, "auc", train), Result(TaskKind.Binary, "auc", test), Result(TaskKind.Binary, "auc", baseline), cv);

    private static FitVerdict Regression(double train, double test, double baseline, double? cv = null) =>
        FitDiagnosis.Diagnose(TaskKind.Regression, Result(TaskKind.Regression, "rmse", train), Result(TaskKind.Regression, "rmse", test), Result(TaskKind.Regression, "rmse", baseline), cv);

    [Fact]
    public void Diagnose_binary_close_train_and_test_well_above_baseline_is_good()
    {
        var verdict = Binary(train: 0.87, test: 0.85, baseline: 0.5);

        Assert.Equal(FitVerdictKind.Good, verdict.Kind);
        Assert.Equal("auc", verdict.Metric);
        Assert.Equal((0.87, 0.85, 0.5), (verdict.TrainScore, verdict.TestScore, verdict.BaselineScore));
        Assert.Contains("0.85", verdict.Explanation);
        Assert.Contains("0.5", verdict.Explanation);
    }

    [Fact]
    public void Diagnose_binary_test_far_below_the_cv_mean_is_overfitting()
    {
        var verdict = Binary(train: 0.99, test: 0.8, baseline: 0.5, cv: 0.9);

        Assert.Equal(FitVerdictKind.Overfitting, verdict.Kind);
        Assert.Contains("0.1 below the cross-validation mean 0.9", verdict.Explanation);
        Assert.Equal(0.9, verdict.CvScore);
    }

    [Fact]
    public void Diagnose_binary_training_gap_alone_is_reported_not_judged()
    {
        // Held-out scores agree (test 0.8, CV 0.81): a boosted model's perfect training score is no verdict on its own.
        var verdict = Binary(train: 0.99, test: 0.8, baseline: 0.5, cv: 0.81);

        Assert.Equal(FitVerdictKind.Good, verdict.Kind);
        Assert.Contains("in line with the cross-validation mean 0.81", verdict.Explanation);
        Assert.Contains("The training auc 0.99 is much better than the held-out scores", verdict.Explanation);
    }

    [Fact]
    public void Diagnose_binary_good_training_but_test_near_the_baseline_is_overfitting()
    {
        var verdict = Binary(train: 0.95, test: 0.52, baseline: 0.5);

        Assert.Equal(FitVerdictKind.Overfitting, verdict.Kind);
        Assert.Contains("does not carry over", verdict.Explanation);
    }

    [Fact]
    public void Diagnose_binary_log_loss_worse_than_the_baseline_is_overfitting_despite_a_good_auc()
    {
        var verdict = FitDiagnosis.Diagnose(TaskKind.Binary,
            new EvaluationResult { Task = TaskKind.Binary, Metrics = new Dictionary<string, double> { ["auc"] = 1.0, ["log_loss"] = 0.05 } },
            new EvaluationResult { Task = TaskKind.Binary, Metrics = new Dictionary<string, double> { ["auc"] = 0.75, ["log_loss"] = 0.676 } },
            new EvaluationResult { Task = TaskKind.Binary, Metrics = new Dictionary<string, double> { ["auc"] = 0.5, ["log_loss"] = 0.611 } },
            cvMean: 0.76);

        Assert.Equal(FitVerdictKind.Overfitting, verdict.Kind);
        Assert.Contains("test log_loss 0.676 is worse than the baseline's 0.611", verdict.Explanation);
    }

    [Fact]
    public void Diagnose_binary_test_barely_above_baseline_is_underfitting()
    {
        var verdict = Binary(train: 0.58, test: 0.54, baseline: 0.5);

        Assert.Equal(FitVerdictKind.Underfitting, verdict.Kind);
        Assert.Contains("lift 0.04", verdict.Explanation);
    }

    [Fact]
    public void Diagnose_train_no_better_than_baseline_is_underfitting_even_with_a_gap()
    {
        var verdict = Binary(train: 0.53, test: 0.45, baseline: 0.5);

        Assert.Equal(FitVerdictKind.Underfitting, verdict.Kind);
        Assert.Contains("even on the training data", verdict.Explanation);
    }

    [Fact]
    public void Diagnose_regression_test_error_close_to_train_and_well_below_baseline_is_good()
    {
        var verdict = Regression(train: 20000, test: 24000, baseline: 80000);

        Assert.Equal(FitVerdictKind.Good, verdict.Kind);
        Assert.Equal("rmse", verdict.Metric);
        Assert.Contains("70% below", verdict.Explanation);
    }

    [Fact]
    public void Diagnose_regression_test_error_above_1_25_times_the_cv_error_is_overfitting()
    {
        var verdict = Regression(train: 10000, test: 13000, baseline: 80000, cv: 10000);

        Assert.Equal(FitVerdictKind.Overfitting, verdict.Kind);
        Assert.Contains("1.3 x the cross-validation mean", verdict.Explanation);
    }

    [Fact]
    public void Diagnose_regression_ames_test_error_below_its_cv_error_is_good()
    {
        // The Ames run: LightGBM's training rmse is half its test rmse, yet the test rmse beats the CV rmse.
        var verdict = Regression(train: 10706, test: 20904, baseline: 78294, cv: 27285);

        Assert.Equal(FitVerdictKind.Good, verdict.Kind);
        Assert.Contains("73.3% below the baseline's 78294, in line with the cross-validation mean 27285", verdict.Explanation);
        Assert.Contains("much better than the held-out scores", verdict.Explanation);
    }

    [Fact]
    public void Diagnose_regression_test_error_less_than_10_percent_below_baseline_is_underfitting()
    {
        var verdict = Regression(train: 70000, test: 75000, baseline: 80000);

        Assert.Equal(FitVerdictKind.Underfitting, verdict.Kind);
        Assert.Contains("6.3% below", verdict.Explanation);
    }

    [Fact]
    public void Diagnose_multiclass_uses_macro_f1()
    {
        var verdict = FitDiagnosis.Diagnose(TaskKind.Multiclass,
            Result(TaskKind.Multiclass, "macro_f1", 0.9), Result(TaskKind.Multiclass, "macro_f1", 0.88), Result(TaskKind.Multiclass, "macro_f1", 0.2));

        Assert.Equal(FitVerdictKind.Good, verdict.Kind);
        Assert.Equal("macro_f1", verdict.Metric);
    }

    [Fact]
    public void Diagnose_missing_primary_metric_names_it()
    {
        var ex = Assert.Throws<MLCycleException>(() => FitDiagnosis.Diagnose(TaskKind.Binary,
            Result(TaskKind.Binary, "auc", 0.9), Result(TaskKind.Binary, "accuracy", 0.8), Result(TaskKind.Binary, "auc", 0.5)));

        Assert.Contains("test result has no 'auc'", ex.Message);
    }

    [Fact]
    public void Diagnose_nan_test_auc_explains_instead_of_guessing()
    {
        var ex = Assert.Throws<MLCycleException>(() => Binary(train: 0.9, test: double.NaN, baseline: 0.5));

        Assert.Contains("NaN", ex.Message);
    }
}
