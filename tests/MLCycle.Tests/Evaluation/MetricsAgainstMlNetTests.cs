using MLCycle.Metrics;
using Microsoft.ML;
using RegressionMetrics = MLCycle.Metrics.RegressionMetrics;

namespace MLCycle.Tests.Evaluation;

/// <summary>Cross-checks the hand-written metrics against ML.NET's evaluators on the real Pima diabetes data.</summary>
public class MetricsAgainstMlNetTests
{
    private sealed class BinaryRow
    {
        public bool Label { get; set; }
        public float Score { get; set; }
        public float Probability { get; set; }
        public bool PredictedLabel { get; set; }
    }

    private sealed class RegressionRow
    {
        public float Label { get; set; }
        public float Score { get; set; }
    }

    private static List<string[]> PimaRows()
    {
        var lines = File.ReadAllLines(RepoRoot.File("tests", "data", "pima_diabetes.csv"));
        Assert.Equal("pregnant,glucose,pressure,triceps,insulin,mass,pedigree,age,diabetes", lines[0]);
        return lines.Skip(1).Select(l => l.Split(',')).ToList();
    }

    [Fact]
    public void BinaryMetrics_glucose_as_score_agrees_with_mlnet_evaluator()
    {
        // Glucose alone is a classic diabetes score; many patients share a glucose value, so ties are exercised too.
        // ML.NET thresholds the raw score at 0, so the score is the probability shifted by the 0.5 threshold.
        var rows = PimaRows()
            .Select(f => (Label: f[8] == "pos", Score: f[1].Length == 0 ? 0f : float.Parse(f[1]) / 200f))
            .Select(r => new BinaryRow { Label = r.Label, Score = r.Score - 0.5f, Probability = r.Score, PredictedLabel = r.Score >= 0.5f })
            .ToList();
        var ml = new MLContext(seed: 1);
        var reference = ml.BinaryClassification.Evaluate(ml.Data.LoadFromEnumerable(rows));

        var ours = BinaryMetrics.Compute(rows.Select(r => r.Label).ToList(), rows.Select(r => (double)r.Probability).ToList(), "neg", "pos");

        Assert.Equal(768, rows.Count);
        Assert.Equal(reference.AreaUnderRocCurve, ours["auc"], 9);
        Assert.Equal(reference.Accuracy, ours["accuracy"], 9);
        Assert.Equal(reference.PositivePrecision, ours["precision"], 9);
        Assert.Equal(reference.PositiveRecall, ours["recall"], 9);
        Assert.Equal(reference.F1Score, ours["f1"], 9);
        Assert.InRange(ours["auc"], 0.75, 0.85);
    }

    [Fact]
    public void RegressionMetrics_linear_guess_agrees_with_mlnet_evaluator()
    {
        // Diastolic pressure guessed from age: an imperfect but honest predictor on real values.
        var rows = PimaRows()
            .Where(f => f[2].Length > 0)
            .Select(f => new RegressionRow { Label = float.Parse(f[2]), Score = 60f + 0.3f * float.Parse(f[7]) })
            .ToList();
        var ml = new MLContext(seed: 1);
        var reference = ml.Regression.Evaluate(ml.Data.LoadFromEnumerable(rows));

        var ours = RegressionMetrics.Compute(rows.Select(r => (double)r.Label).ToList(), rows.Select(r => (double)r.Score).ToList());

        Assert.Equal(reference.MeanSquaredError, ours["mse"], 3);
        Assert.Equal(reference.RootMeanSquaredError, ours["rmse"], 6);
        Assert.Equal(reference.MeanAbsoluteError, ours["mae"], 6);
        Assert.Equal(reference.RSquared, ours["r2"], 9);
    }
}
