using MLCycle.Data;
using MLCycle.Training;

namespace MLCycle.Tests.Training;

/// <summary>The learning curve's reading follows its stated rule, and the trainer draws it on seeded samples of the folds.</summary>
public sealed class LearningCurveTests
{
    [Fact]
    public void Read_validationStillRisingAndWideGap_saysMoreDataAndOverfitting()
    {
        // Validation rose 0.04 over the last step (sd 0.01); training sits 0.15 above validation at full size.
        LearningCurvePoint[] points = [new(0.5, 500, 0.99, 0.005, 0.76, 0.01), new(1.0, 1000, 0.95, 0.005, 0.80, 0.01)];

        var reading = LearningCurve.Read(points, "roc_auc", higherIsBetter: true);

        Assert.StartsWith("More data would likely help: validation roc_auc still improved by 0.04 from 50%", reading);
        Assert.Contains("The gap says overfitting: on all rows the training roc_auc is 0.95 against 0.8", reading);
    }

    [Fact]
    public void Read_flatCurveSmallGap_saysLevelledOffAndNoOverfitting()
    {
        LearningCurvePoint[] points = [new(0.75, 750, 0.805, 0.01, 0.798, 0.01), new(1.0, 1000, 0.806, 0.01, 0.801, 0.01)];

        var reading = LearningCurve.Read(points, "roc_auc", higherIsBetter: true);

        Assert.StartsWith("The validation roc_auc has levelled off", reading);
        Assert.Contains("no sign of overfitting", reading);
    }

    [Fact]
    public void Read_lowerIsBetterMetricFalling_countsTheFallAsImprovement()
    {
        // rmse fell from 30 to 25 (sd 1): an improvement; training rmse 10 is far below validation 25: overfitting.
        LearningCurvePoint[] points = [new(0.5, 500, 8, 0.5, 30, 1), new(1.0, 1000, 10, 0.5, 25, 1)];

        var reading = LearningCurve.Read(points, "rmse", higherIsBetter: false);

        Assert.StartsWith("More data would likely help: validation rmse still improved by 5", reading);
        Assert.Contains("The gap says overfitting", reading);
    }

    [Fact]
    public void Train_withLearningCurve_drawsFourSeededSizesUpToEveryFoldRow()
    {
        var data = CsvTables.Load(RepoFiles.Path("examples/telco-churn/telco_churn.csv"), maxRows: 600);
        var request = new TrainingRequest { Data = data, Target = "churn", Task = TaskKind.Binary, Algorithms = ["linear"], Folds = 4, Seed = 3, LearningCurve = true };

        var curve = new ModelTrainer().Train(request).LearningCurve!;
        var again = new ModelTrainer().Train(request).LearningCurve!;

        Assert.Equal("linear", curve.Algorithm);
        Assert.Equal(ModelTrainer.CurveFolds, curve.Folds);
        Assert.Equal([0.1, 0.25, 0.5, 1.0], curve.Points.Select(p => p.Share));
        Assert.True(curve.Points.Zip(curve.Points.Skip(1)).All(p => p.First.Rows < p.Second.Rows));
        // 480 training rows in four folds: each fold trains on 360 of them.
        Assert.Equal(360, curve.Points[^1].Rows);
        Assert.All(curve.Points, p => Assert.InRange(p.ValidationMean, 0.5, 1));
        // A tenth of the rows fits its own rows better than it generalises.
        Assert.True(curve.Points[0].TrainMean > curve.Points[0].ValidationMean);
        Assert.Equal(curve.Points, again.Points);
        Assert.Equal(LearningCurve.Read(curve.Points, curve.Metric, true), curve.Reading);
        // The full size reuses the cross-validation's fold models: its validation score is the mean of the first folds' scores.
        var outcome = new ModelTrainer().Train(request);
        Assert.Equal(outcome.ModelCandidate.Folds.Take(ModelTrainer.CurveFolds).Average(f => f[curve.Metric]), curve.Points[^1].ValidationMean, 12);
    }

    [Fact]
    public void Train_withoutLearningCurve_drawsNone()
    {
        var data = CsvTables.Load(RepoFiles.Path("examples/telco-churn/telco_churn.csv"), maxRows: 300);

        var outcome = new ModelTrainer().Train(new TrainingRequest { Data = data, Target = "churn", Task = TaskKind.Binary, Algorithms = ["linear"], Folds = 3 });

        Assert.Null(outcome.LearningCurve);
    }
}
