using MLCycle.Training;

namespace MLCycle.Tests.Training;

public class ThresholdChooserTests
{
    private static double F1At(IReadOnlyList<bool> positive, IReadOnlyList<double> probability, double threshold)
    {
        int tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < positive.Count; i++)
        {
            var predicted = probability[i] > threshold;
            if (predicted && positive[i]) tp++;
            else if (predicted) fp++;
            else if (positive[i]) fn++;
        }
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    [Fact]
    public void Choose_f1_finds_the_best_cut_that_brute_force_finds()
    {
        var random = new Random(11);
        var positive = Enumerable.Range(0, 300).Select(_ => random.NextDouble() < 0.3).ToArray();
        // Informative but noisy scores, rounded so that ties occur.
        var probability = positive.Select(p => Math.Round(Math.Clamp((p ? 0.45 : 0.25) + (random.NextDouble() - 0.5) * 0.6, 0, 1), 2)).ToArray();

        var (threshold, reason) = ThresholdChooser.Choose(positive, probability, ThresholdRule.F1);

        var bruteForce = Enumerable.Range(0, 101).Select(i => i / 100.0 - 0.005).Max(t => F1At(positive, probability, t));
        Assert.Equal(bruteForce, F1At(positive, probability, threshold), 12);
        Assert.True(threshold < 0.5, $"threshold {threshold}: with 30% positives F1 wants a lower cut");
        Assert.Contains("maximises F1", reason);
        Assert.Contains("300 out-of-fold predictions", reason);
    }

    [Fact]
    public void Choose_cost_minimises_weighted_mistakes()
    {
        bool[] positive = [false, false, true, false, true, true];
        double[] probability = [0.1, 0.2, 0.3, 0.4, 0.6, 0.9];

        // A false negative costs 5: predict positive from 0.3 up (1 FP, 0 FN, cost 1) rather than from 0.6 (0 FP, 1 FN, cost 5).
        var (threshold, reason) = ThresholdChooser.Choose(positive, probability, ThresholdRule.Cost(1, 5));

        Assert.Equal(0.25, threshold, 12);
        Assert.Contains("minimises the cost 1 x FP + 5 x FN (1 over 6", reason);
    }

    [Fact]
    public void Choose_ties_go_to_the_cut_nearest_one_half()
    {
        // Perfectly separated: every cut between 0.2 and 0.8 is perfect; the one kept is the midpoint nearest 0.5.
        var (threshold, _) = ThresholdChooser.Choose([false, false, true, true], [0.1, 0.2, 0.8, 0.9], ThresholdRule.F1);

        Assert.Equal(0.5, threshold, 12);
    }

    [Fact]
    public void Choose_fixed_and_one_class_leave_the_cut_alone()
    {
        Assert.Equal(0.7, ThresholdChooser.Choose([true, false], [0.9, 0.1], ThresholdRule.Fixed(0.7)).Threshold);
        var (threshold, reason) = ThresholdChooser.Choose([true, true], [0.9, 0.1], ThresholdRule.F1);
        Assert.Equal(0.5, threshold);
        Assert.Contains("one class only", reason);
    }

    [Fact]
    public void Relabel_changes_labels_not_probabilities()
    {
        var predictions = new[] { 0.3, 0.6 }.Select(p => new Prediction(p > 0.5 ? "Yes" : "No", new Dictionary<string, double> { ["No"] = 1 - p, ["Yes"] = p }, null)).ToList();

        var relabelled = ThresholdChooser.Relabel(predictions, ["No", "Yes"], 0.25);

        Assert.Equal(["Yes", "Yes"], relabelled.Select(p => p.Label));
        Assert.Equal(0.3, relabelled[0].Probabilities!["Yes"]);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Fixed_outside_zero_one_is_a_spec_error(double value)
    {
        Assert.Equal(ErrorKind.BadSpec, Assert.Throws<MLCycleException>(() => ThresholdRule.Fixed(value)).Kind);
    }
}
