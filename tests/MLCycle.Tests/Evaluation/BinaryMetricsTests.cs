using MLCycle.Metrics;

namespace MLCycle.Tests.Evaluation;

public class BinaryMetricsTests
{
    // Six rows, scores all distinct, threshold 0.5:
    //   row  actual  p(pos)  predicted
    //   A    1       0.9     1   TP
    //   B    0       0.8     1   FP
    //   C    1       0.7     1   TP
    //   D    1       0.4     0   FN
    //   E    0       0.3     0   TN
    //   F    0       0.2     0   TN
    // TP=2 FP=1 FN=1 TN=2 -> accuracy 4/6, precision 2/3, recall 2/3, f1 2/3.
    // AUC: of 3x3 = 9 positive/negative pairs the positive wins A:3 + C:2 + D:2 = 7 -> 7/9.
    // Average precision, walking down: A (P=1, recall +1/3), C (P=2/3, +1/3), D (P=3/4, +1/3)
    //   -> 1/3 + 2/9 + 1/4 = 29/36.
    // Log loss: -(ln .9 + ln .2 + ln .7 + ln .4 + ln .7 + ln .8) / 6 (negatives use 1 - p).
    private static readonly bool[] Actual = [true, false, true, true, false, false];
    private static readonly double[] Scores = [0.9, 0.8, 0.7, 0.4, 0.3, 0.2];

    [Fact]
    public void Compute_six_rows_matches_hand_computed_metrics()
    {
        var result = BinaryMetrics.Compute(Actual, Scores, "no", "yes");

        Assert.Equal(TaskKind.Binary, result.Task);
        Assert.Equal(4.0 / 6, result["accuracy"], 12);
        Assert.Equal(2.0 / 3, result["precision"], 12);
        Assert.Equal(2.0 / 3, result["recall"], 12);
        Assert.Equal(2.0 / 3, result["f1"], 12);
        Assert.Equal(7.0 / 9, result["auc"], 12);
        Assert.Equal(29.0 / 36, result["pr_auc"], 12);
        double logLoss = -(Math.Log(0.9) + Math.Log(0.2) + Math.Log(0.7) + Math.Log(0.4) + Math.Log(0.7) + Math.Log(0.8)) / 6;
        Assert.Equal(logLoss, result["log_loss"], 12);
    }

    [Fact]
    public void Compute_six_rows_confusion_matrix_is_tn_fp_fn_tp_in_negative_positive_order()
    {
        var result = BinaryMetrics.Compute(Actual, Scores, "no", "yes");

        Assert.Equal(["no", "yes"], result.Classes);
        Assert.Equal([[2L, 1L], [1L, 2L]], result.ConfusionMatrix!);
        var negative = result.PerClass[0];
        Assert.Equal("no", negative.Class);
        Assert.Equal(2.0 / 3, negative.Precision, 12); // TN / (TN + FN)
        Assert.Equal(2.0 / 3, negative.Recall, 12);    // TN / (TN + FP)
        Assert.Equal(3, negative.Support);
        Assert.Equal(3, result.PerClass[1].Support);
    }

    [Fact]
    public void Compute_six_rows_roc_steps_through_each_score()
    {
        var result = BinaryMetrics.Compute(Actual, Scores, "no", "yes");

        (double, double)[] expected = [(0, 0), (0, 1.0 / 3), (1.0 / 3, 1.0 / 3), (1.0 / 3, 2.0 / 3), (1.0 / 3, 1), (2.0 / 3, 1), (1, 1)];
        Assert.Equal(expected.Length, result.Roc.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Item1, result.Roc[i].Fpr, 12);
            Assert.Equal(expected[i].Item2, result.Roc[i].Tpr, 12);
        }
    }

    [Fact]
    public void Compute_tied_scores_count_half_in_auc_and_share_one_threshold()
    {
        // Positives score 0.8 and 0.5; negatives 0.5 and 0.2. Pairs: 0.8 beats both (2), 0.5 beats 0.2 (1), 0.5 ties 0.5 (1/2)
        // -> AUC 3.5/4. AP: threshold 0.8 gives P=1 at recall 1/2, threshold 0.5 gives P=2/3 at recall 1 -> 1/2 + 1/3 = 5/6.
        var result = BinaryMetrics.Compute([true, false, true, false], [0.5, 0.5, 0.8, 0.2], "n", "p");

        Assert.Equal(0.875, result["auc"], 12);
        Assert.Equal(5.0 / 6, result["pr_auc"], 12);
        Assert.Equal([(0.0, 0.0), (0.0, 0.5), (0.5, 1.0), (1.0, 1.0)], result.Roc);
    }

    [Fact]
    public void Compute_all_scores_equal_gives_auc_one_half()
    {
        var result = BinaryMetrics.Compute([true, false, false, true, false], [0.3, 0.3, 0.3, 0.3, 0.3], "n", "p");

        Assert.Equal(0.5, result["auc"], 12);
        Assert.Equal(0.4, result["pr_auc"], 12);
    }

    [Fact]
    public void Compute_only_positive_rows_gives_nan_auc_and_no_roc()
    {
        var result = BinaryMetrics.Compute([true, true, true], [0.9, 0.2, 0.6], "n", "p");

        Assert.True(double.IsNaN(result["auc"]));
        Assert.Empty(result.Roc);
        Assert.Equal(2.0 / 3, result["recall"], 12);
        Assert.Equal(1.0, result["precision"], 12);
    }

    [Fact]
    public void Compute_only_negative_rows_gives_nan_auc_and_zero_pr_auc()
    {
        var result = BinaryMetrics.Compute([false, false], [0.9, 0.1], "n", "p");

        Assert.True(double.IsNaN(result["auc"]));
        Assert.Contains("only 'n'", result.Notes["roc_auc"]);
        // scikit-learn 1.2's average_precision_score is 0 when y_true has no positives.
        Assert.Equal(0, result["pr_auc"]);
        Assert.Equal(0, result["precision"]);
        Assert.Equal(0, result["recall"]);
        Assert.Equal(0.5, result["accuracy"], 12);
    }

    [Fact]
    public void Compute_no_predicted_positives_gives_zero_precision_and_f1()
    {
        var result = BinaryMetrics.Compute(Actual, Scores, "no", "yes", threshold: 0.95);

        Assert.Equal(0, result["precision"]);
        Assert.Equal(0, result["recall"]);
        Assert.Equal(0, result["f1"]);
        Assert.Equal(0.5, result["accuracy"], 12);
        Assert.Equal(7.0 / 9, result["auc"], 12);
    }

    [Fact]
    public void Compute_probability_equal_to_threshold_is_predicted_negative()
    {
        var result = BinaryMetrics.Compute([true, false], [0.5, 0.5], "n", "p");

        Assert.Equal([[1L, 0L], [1L, 0L]], result.ConfusionMatrix!);
    }

    [Fact]
    public void Compute_probability_of_exactly_zero_or_one_keeps_log_loss_finite()
    {
        var result = BinaryMetrics.Compute([true, false], [0.0, 1.0], "n", "p");

        // sklearn 1.2 clips at numpy's float64 eps (eps="auto").
        Assert.Equal(-Math.Log(2.220446049250313e-16), result["log_loss"], 1e-9);
    }

    [Fact]
    public void Compute_probability_outside_unit_interval_names_the_row()
    {
        var ex = Assert.Throws<MLCycleException>(() => BinaryMetrics.Compute([true, false], [0.4, 1.5], "n", "p"));

        Assert.Contains("Row 2", ex.Message);
        Assert.Contains("1.5", ex.Message);
    }

    [Fact]
    public void Compute_mismatched_lengths_throw()
    {
        var ex = Assert.Throws<MLCycleException>(() => BinaryMetrics.Compute([true, false], [0.4], "n", "p"));

        Assert.Contains("2 actual values but 1 predictions", ex.Message);
    }

    [Fact]
    public void Compute_no_rows_throws()
    {
        var ex = Assert.Throws<MLCycleException>(() => BinaryMetrics.Compute([], [], "n", "p"));

        Assert.Contains("no rows", ex.Message);
    }
}
