using MLCycle.Metrics;

namespace MLCycle.Tests.Evaluation;

public class MulticlassMetricsTests
{
    // Seven rows over classes a, b, c; the predicted class is the most probable one.
    //   actual  probabilities       predicted
    //   a       .7  .2  .1          a
    //   a       .2  .6  .2          b
    //   b       .1  .8  .1          b
    //   b       .1  .3  .6          c
    //   c       .2  .2  .6          c
    //   c       .5  .25 .25         a
    //   c       .1  .1  .8          c
    // Confusion (rows actual): a [1 1 0], b [0 1 1], c [1 0 2]; accuracy 4/7.
    // a: P 1/2 R 1/2 F1 1/2; b: P 1/2 R 1/2 F1 1/2; c: P 2/3 R 2/3 F1 2/3 -> macro F1 (1/2 + 1/2 + 2/3) / 3 = 5/9.
    private static readonly int[] Actual = [0, 0, 1, 1, 2, 2, 2];
    private static readonly double[][] Probabilities =
    [
        [0.7, 0.2, 0.1], [0.2, 0.6, 0.2], [0.1, 0.8, 0.1], [0.1, 0.3, 0.6], [0.2, 0.2, 0.6], [0.5, 0.25, 0.25], [0.1, 0.1, 0.8],
    ];
    private static readonly string[] Classes = ["a", "b", "c"];

    [Fact]
    public void Compute_three_classes_matches_hand_computed_confusion_matrix()
    {
        var result = MulticlassMetrics.Compute(Actual, Probabilities, Classes);

        Assert.Equal(TaskKind.Multiclass, result.Task);
        Assert.Equal([[1L, 1L, 0L], [0L, 1L, 1L], [1L, 0L, 2L]], result.ConfusionMatrix!);
        Assert.Equal(Classes, result.Classes);
    }

    [Fact]
    public void Compute_three_classes_matches_hand_computed_metrics()
    {
        var result = MulticlassMetrics.Compute(Actual, Probabilities, Classes);

        Assert.Equal(4.0 / 7, result["accuracy"], 12);
        Assert.Equal(4.0 / 7, result["micro_f1"], 12);
        Assert.Equal(5.0 / 9, result["macro_f1"], 12);
        Assert.Equal((0.5 + 0.5 + 2.0 / 3) / 3, result["macro_precision"], 12);
        double logLoss = -(Math.Log(0.7) + Math.Log(0.2) + Math.Log(0.8) + Math.Log(0.3) + Math.Log(0.6) + Math.Log(0.25) + Math.Log(0.8)) / 7;
        Assert.Equal(logLoss, result["log_loss"], 12);
    }

    [Fact]
    public void Compute_three_classes_reports_per_class_scores_and_support()
    {
        var result = MulticlassMetrics.Compute(Actual, Probabilities, Classes);

        Assert.Equal(new ClassMetrics("a", 0.5, 0.5, 0.5, 2), result.PerClass[0]);
        Assert.Equal(new ClassMetrics("b", 0.5, 0.5, 0.5, 2), result.PerClass[1]);
        Assert.Equal("c", result.PerClass[2].Class);
        Assert.Equal(2.0 / 3, result.PerClass[2].Precision, 12);
        Assert.Equal(2.0 / 3, result.PerClass[2].Recall, 12);
        Assert.Equal(3, result.PerClass[2].Support);
    }

    [Fact]
    public void Compute_class_never_seen_nor_predicted_counts_in_macro_average_with_zero_f1()
    {
        // Classes "c" and "d" are known to the model but absent here; macro averages run over every known class, as
        // scikit-learn's with labels = the model's classes: (1 + 1 + 0 + 0) / 4.
        var result = MulticlassMetrics.Compute([0, 1], [[0.9, 0.1, 0, 0], [0.2, 0.7, 0.1, 0]], ["a", "b", "c", "d"]);

        Assert.Equal(0.5, result["macro_f1"], 12);
        Assert.Equal(0.5, result["f1_macro"], 12);
        Assert.Equal(1.0, result["balanced_accuracy"], 12);
        Assert.Equal(0, result.PerClass[3].Support);
    }

    [Fact]
    public void Compute_predicted_class_missing_from_actuals_counts_in_macro_average_with_zero_f1()
    {
        // Actual a, a; predicted a, b -> a: P 1 R 1/2 F1 2/3; b: P 0 R 0 F1 0 -> macro 1/3.
        var result = MulticlassMetrics.Compute([0, 0], [[0.9, 0.1], [0.2, 0.8]], ["a", "b"]);

        Assert.Equal(1.0 / 3, result["macro_f1"], 12);
    }

    [Fact]
    public void Compute_row_with_wrong_number_of_probabilities_names_the_row()
    {
        var ex = Assert.Throws<MLCycleException>(() => MulticlassMetrics.Compute([0, 1], [[0.5, 0.3, 0.2], [0.5, 0.5]], Classes));

        Assert.Contains("Row 2", ex.Message);
        Assert.Contains("expected 3", ex.Message);
    }

    [Fact]
    public void Compute_actual_index_outside_classes_names_the_row()
    {
        var ex = Assert.Throws<MLCycleException>(() => MulticlassMetrics.Compute([3], [[0.5, 0.3, 0.2]], Classes));

        Assert.Contains("Row 1", ex.Message);
    }
}
