using MLCycle.Evaluation.Fairness;
using MLCycle.Serving;
using MLCycle.Training;

namespace MLCycle.Tests.Serving;

/// <summary>A call's predictions kept as numbers (ADR 0075) read back as exactly the predictions ScoreReader makes of the same outputs.</summary>
public sealed class ScoredPredictionsTests
{
    private static readonly string[] Binary = ["No", "Yes"];
    private static readonly float[] Outputs = [0f, 1f, 0.5f, 0.49999997f, 0.50000006f, 0.3f, 1e-30f, -0.25f, 1.5f, float.NaN, float.PositiveInfinity, float.NegativeInfinity];

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.3)]
    [InlineData(0.0)]
    public void Binary_rows_read_as_ScoreReader_reads_the_same_probability(double threshold)
    {
        var scored = new ScoredPredictions(Outputs.Length, Binary);
        for (var i = 0; i < Outputs.Length; i++) scored.SetProbability(i, Outputs[i], threshold);

        for (var i = 0; i < Outputs.Length; i++)
        {
            if (float.IsNaN(Outputs[i]))
            {
                // Kept NaN for NonFiniteScores to refuse, where ScoreReader would say 0.5.
                Assert.True(scored.TryGetBinary(i, out _, out var nan));
                Assert.True(double.IsNaN(nan));
                continue;
            }
            var expected = ScoreReader.FromProbability(Outputs[i], Binary, threshold, keepNaN: false);
            Assert.Equal(Show(expected), Show(scored[i]));
            Assert.True(scored.TryGetBinary(i, out var label, out var positive));
            Assert.Equal(expected.Label, Binary[label]);
            Assert.Equal(expected.Probabilities!["Yes"], positive);
            Assert.False(scored.TryGetNumber(i, out _));
        }
    }

    [Fact]
    public void Regression_rows_read_as_ScoreReader_reads_the_same_value()
    {
        var scored = new ScoredPredictions(Outputs.Length, []);
        for (var i = 0; i < Outputs.Length; i++) scored.SetValue(i, Outputs[i]);

        for (var i = 0; i < Outputs.Length; i++)
        {
            Assert.Equal(Show(ScoreReader.FromValue(Outputs[i])), Show(scored[i]));
            Assert.True(scored.TryGetNumber(i, out var value));
            Assert.Equal((double)Outputs[i], value);
            Assert.False(scored.TryGetBinary(i, out _, out _));
        }
    }

    [Fact]
    public void Rows_not_set_are_null_and_rows_set_as_objects_are_those_objects()
    {
        var scored = new ScoredPredictions(3, Binary);
        var explained = new Prediction("Yes", ClassProbabilities.Binary(Binary, 0.9), null) { Explanation = new PredictionExplanation(0, "probability", "tree_shap", 0, []) };
        scored.SetProbability(1, 0.2f, 0.5);
        scored[1] = explained;
        scored.SetProbability(2, 0.7f, 0.5);
        scored[2] = null;

        Assert.Equal(new Prediction?[] { null, explained, null }, scored.ToArray());
        Assert.False(scored.TryGetBinary(1, out _, out _));
        Assert.False(scored.TryGetBinary(2, out _, out _));
    }

    [Fact]
    public void Objects_set_from_many_threads_at_once_are_all_kept()
    {
        // The slices of one large call set their rows in parallel; the objects' array is made by whichever thread sets one first.
        // The threads meet at a barrier before their first set, so the first sets race for the array in every round.
        const int threads = 8;
        var made = Enumerable.Range(0, 64).Select(i => new Prediction(null, null, i)).ToArray();
        for (var round = 0; round < 500; round++)
        {
            var scored = new ScoredPredictions(made.Length, Binary);
            using var start = new Barrier(threads);
            var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
            {
                start.SignalAndWait();
                for (var r = t; r < made.Length; r += threads) scored[r] = made[r];
            })).ToList();
            workers.ForEach(w => w.Start());
            workers.ForEach(w => w.Join());

            Assert.Equal(made, scored.ToArray());
        }
    }

    [Fact]
    public void Group_thresholds_relabel_rows_kept_as_numbers_as_they_relabel_their_predictions()
    {
        var groups = new GroupThresholds { Column = "g", Rate = "demographic_parity", Global = 0.5, Thresholds = new Dictionary<string, double> { ["a"] = 0.2, ["b"] = 0.8 } };
        string?[] of = ["a", "b", null, "c", "a", "b"];
        float[] outputs = [0.3f, 0.7f, 0.6f, 0.4f, 0.1f, 0.9f];
        var scored = new ScoredPredictions(outputs.Length, Binary);
        for (var i = 0; i < outputs.Length; i++) scored.SetProbability(i, outputs[i], 0.5);
        var expected = groups.Apply([.. outputs.Select(o => ScoreReader.FromProbability(o, Binary, 0.5, keepNaN: false))], of, Binary);

        for (var i = 0; i < outputs.Length; i++) Assert.True(scored.Relabel(i, groups.For(of[i])));

        Assert.Equal(expected.Select(Show), scored.Select(Show));
        Assert.Equal(["Yes", "No", "Yes", "No", "No", "Yes"], scored.Select(p => p!.Label));
    }

    private static string Show(Prediction? p) => p is null ? "null"
        : $"{p.Label}|{p.Value?.ToString("R")}|{string.Join(",", p.Probabilities?.Select(kv => $"{kv.Key}={kv.Value:R}") ?? [])}|{p.Explanation is not null}";
}
