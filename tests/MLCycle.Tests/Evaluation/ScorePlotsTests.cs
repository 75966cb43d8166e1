using System.Text.Json;
using MLCycle.Evaluation;

namespace MLCycle.Tests.Evaluation;

/// <summary>The plotted curves against scikit-learn 1.2 on the cases of reference/curves_reference.json (made by make_curves_reference.py).</summary>
public sealed class ScorePlotsTests
{
    internal static readonly Lazy<JsonElement[]> Cases = new(() =>
    {
        using var stream = File.OpenRead(RepoRoot.File("tests", "MLCycle.Tests", "Evaluation", "reference", "curves_reference.json"));
        return JsonDocument.Parse(stream).RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone()).ToArray();
    });

    private static readonly Lazy<JsonElement[]> MulticlassCases = new(() =>
    {
        using var stream = File.OpenRead(RepoRoot.File("tests", "MLCycle.Tests", "Evaluation", "reference", "curves_reference.json"));
        return JsonDocument.Parse(stream).RootElement.GetProperty("multiclass").EnumerateArray().Select(c => c.Clone()).ToArray();
    });

    public static TheoryData<string> MulticlassCaseNames() => [.. MulticlassCases.Value.Select(c => c.GetProperty("name").GetString()!)];

    public static TheoryData<string> CaseNames() => [.. Cases.Value.Select(c => c.GetProperty("name").GetString()!)];

    internal static (bool[] Actual, double[] Score, double[] Other) Read(JsonElement c) => (
        c.GetProperty("actual").EnumerateArray().Select(v => v.GetInt32() == 1).ToArray(),
        c.GetProperty("score").EnumerateArray().Select(v => v.GetDouble()).ToArray(),
        c.GetProperty("other").EnumerateArray().Select(v => v.GetDouble()).ToArray());

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Binary_referenceCase_curvesEqualScikitLearn(string name)
    {
        var c = Cases.Value.Single(x => x.GetProperty("name").GetString() == name);
        var (actual, score, _) = Read(c);

        var plots = ScorePlots.Binary(actual, score, 0.5);

        AssertPoints(c.GetProperty("roc"), plots.Roc.Select(p => (p.Fpr, p.Tpr)).ToList(), "roc");
        AssertPoints(c.GetProperty("precision_recall"), plots.PrecisionRecall.Select(p => (p.Recall, p.Precision)).ToList(), "precision_recall");
        AssertPoints(c.GetProperty("calibration"), plots.Calibration.Select(p => (p.MeanPredicted, p.FractionPositive)).ToList(), "calibration");
        Assert.Equal(actual.Length, plots.Calibration.Sum(b => b.Rows));
    }

    [Theory]
    [MemberData(nameof(MulticlassCaseNames))]
    public void Multiclass_referenceCase_oneVsRestCurvesEqualScikitLearn(string name)
    {
        var c = MulticlassCases.Value.Single(x => x.GetProperty("name").GetString() == name);
        var classes = c.GetProperty("classes").EnumerateArray().Select(v => v.GetString()!).ToArray();
        var actual = c.GetProperty("actual").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var probabilities = c.GetProperty("probabilities").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();

        var plots = ScorePlots.Multiclass(classes, actual, probabilities);

        Assert.Equal(TaskKind.Multiclass, plots.Task);
        Assert.Equal(classes, plots.PerClass.Select(p => p.Class));
        foreach (var (expected, ours) in c.GetProperty("per_class").EnumerateArray().Zip(plots.PerClass))
        {
            AssertPoints(expected.GetProperty("roc"), ours.Roc.Select(p => (p.Fpr, p.Tpr)).ToList(), $"{ours.Class} roc");
            AssertPoints(expected.GetProperty("precision_recall"), ours.PrecisionRecall.Select(p => (p.Recall, p.Precision)).ToList(), $"{ours.Class} precision_recall");
            Assert.Equal(expected.GetProperty("roc_auc").GetDouble(), ours.RocAuc, 12);
            Assert.Equal(expected.GetProperty("average_precision").GetDouble(), ours.AveragePrecision, 12);
        }
        AssertPoints(c.GetProperty("micro_roc"), plots.MicroRoc.Select(p => (p.Fpr, p.Tpr)).ToList(), "micro roc");
        Assert.Equal(c.GetProperty("micro_roc_auc").GetDouble(), plots.MicroRocAuc, 12);
        Assert.Equal(c.GetProperty("macro_roc_auc").GetDouble(), plots.MacroRocAuc, 12);
        Assert.Equal(actual.Length, plots.PerClass.Sum(p => p.Rows));
    }

    [Fact]
    public void Multiclass_classAbsentFromTestRows_hasNoCurveAndMacroSkipsIt()
    {
        // Class "c" never occurs: its ROC curve is undefined, and the macro average is over "a" and "b", both ranked perfectly.
        double[][] probabilities = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.6, 0.3, 0.1], [0.2, 0.5, 0.3]];

        var plots = ScorePlots.Multiclass(["a", "b", "c"], [0, 1, 0, 1], probabilities);

        Assert.Empty(plots.PerClass[2].Roc);
        Assert.True(double.IsNaN(plots.PerClass[2].RocAuc));
        Assert.Equal(1.0, plots.PerClass[0].RocAuc, 12);
        Assert.Equal(1.0, plots.MacroRocAuc, 12);
    }

    [Fact]
    public void Binary_gainAndThresholds_countPositivesAmongTopScores()
    {
        bool[] actual = [true, false, true, true, false, false];
        var plots = ScorePlots.Binary(actual, [0.9, 0.8, 0.7, 0.4, 0.3, 0.2], 0.5);

        // Taking the top two rows (0.9, 0.8) finds one of the three positives.
        Assert.Equal((2 / 6.0, 1 / 3.0), plots.Gain[2]);
        Assert.Equal((0, 0), plots.Gain[0]);
        Assert.Equal((1.0, 1.0), plots.Gain[^1]);
        // At threshold 0.7 three rows are positive, two of them truly: precision 2/3, recall 2/3, F1 2/3.
        var at07 = plots.Thresholds.Single(t => t.Threshold == 0.7);
        Assert.Equal(2 / 3.0, at07.Precision, 12);
        Assert.Equal(2 / 3.0, at07.Recall, 12);
        Assert.Equal(2 / 3.0, at07.F1, 12);
        Assert.Equal(0.5, plots.Threshold);
    }

    [Fact]
    public void Binary_oneClassOnly_leavesRankingCurvesEmpty()
    {
        var plots = ScorePlots.Binary([false, false, false], [0.2, 0.6, 0.9]);

        Assert.Empty(plots.Roc);
        Assert.Empty(plots.PrecisionRecall);
        Assert.Empty(plots.Gain);
        Assert.Equal(3, plots.Calibration.Sum(b => b.Rows));
    }

    [Fact]
    public void Regression_nonFinitePredictions_areLeftOut()
    {
        var plots = ScorePlots.Regression([1, 2, 3], [1.5, double.NaN, 2.5]);

        Assert.Equal([(1.0, 1.5), (3.0, 2.5)], plots.Residuals);
        Assert.Equal(3, plots.Rows);
    }

    private static void AssertPoints(JsonElement expected, IReadOnlyList<(double, double)> actual, string what)
    {
        var points = expected.EnumerateArray().Select(p => (p[0].GetDouble(), p[1].GetDouble())).ToList();
        Assert.True(points.Count == actual.Count, $"{what}: {actual.Count} points, scikit-learn has {points.Count}");
        for (int i = 0; i < points.Count; i++)
        {
            Assert.True(Math.Abs(points[i].Item1 - actual[i].Item1) < 1e-12 && Math.Abs(points[i].Item2 - actual[i].Item2) < 1e-12,
                $"{what} point {i}: ours {actual[i]}, scikit-learn {points[i]}");
        }
    }
}
