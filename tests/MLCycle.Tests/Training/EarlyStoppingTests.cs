using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using MLCycle.Data;
using MLCycle.Training;
using MLCycle.Training.Algorithms;

namespace MLCycle.Tests.Training;

/// <summary>LightGBM and FastTree choose their rounds by early stopping in each fold, and the refit on the whole training part trains their median.</summary>
public sealed class EarlyStoppingTests
{
    private static readonly Lazy<Table> Ames = new(() =>
    {
        var full = CsvTables.Load(RepoFiles.Path("examples/ames-housing/ames_housing.csv"), maxRows: 600);
        return new Table(new[] { "Gr_Liv_Area", "Year_Built", "Neighborhood", "Total_Bsmt_SF", "Lot_Area", "Sale_Price" }.Select(c => full[c]).ToList());
    });

    private static readonly Lazy<Table> Telco = new(() => CsvTables.Load(RepoFiles.Path("examples/telco-churn/telco_churn.csv"), maxRows: 800));

    private static readonly Lazy<Table> Penguins = new(() => CsvTables.Load(RepoFiles.Path("examples/penguins/penguins.csv")));

    private static ITransformer Last(TrainedModel model) => ((TransformerChain<ITransformer>)model.Transformer).LastTransformer;

    private static int Trees(TrainedModel model) =>
        ((RegressionPredictionTransformer<LightGbmRegressionModelParameters>)((TransformerChain<ITransformer>)model.Transformer).LastTransformer).Model.TrainedTreeEnsemble.Trees.Count;

    [Fact]
    public void Train_lightgbmRegression_refitTrainsTheRoundsTheFoldsChose()
    {
        var outcome = new ModelTrainer().Train(new TrainingRequest { Data = Ames.Value, Target = "Sale_Price", Task = TaskKind.Regression, Algorithms = ["lightgbm"], Folds = 3, Seed = 4 });

        var rounds = (int)outcome.ModelCandidate.Hyperparameters["number_of_iterations"];
        // At learning rate 0.1 a few hundred rows stop improving long before the cap of 1,000 rounds.
        Assert.InRange(rounds, LightGbmAlgorithm.Patience, LightGbmAlgorithm.MaximumRounds - 1);
        Assert.NotEqual(100, rounds);
        Assert.Equal(rounds, Trees(outcome.Model));
        Assert.Null(outcome.Model.Rounds);
    }

    [Fact]
    public void Train_fasttreeRegression_refitTrainsTheTreesTheFoldsChose()
    {
        var outcome = new ModelTrainer().Train(new TrainingRequest { Data = Ames.Value, Target = "Sale_Price", Task = TaskKind.Regression, Algorithms = ["fasttree"], Folds = 3, Seed = 4 });

        var trees = (int)outcome.ModelCandidate.Hyperparameters["number_of_trees"];
        Assert.InRange(trees, 1, LightGbmAlgorithm.MaximumRounds - 1);
        Assert.NotEqual(100, trees);
        Assert.Equal(trees, ((RegressionPredictionTransformer<FastTreeRegressionModelParameters>)Last(outcome.Model)).Model.TrainedTreeEnsemble.Trees.Count);
    }

    [Fact]
    public void Train_fasttreeBinary_refitTrainsTheTreesTheFoldsChose()
    {
        var outcome = new ModelTrainer().Train(new TrainingRequest { Data = Telco.Value, Target = "churn", Task = TaskKind.Binary, Algorithms = ["fasttree"], Folds = 3, Seed = 4 });

        var trees = (int)outcome.ModelCandidate.Hyperparameters["number_of_trees"];
        Assert.InRange(trees, 1, LightGbmAlgorithm.MaximumRounds - 1);
        Assert.NotEqual(100, trees);
        var binary = (BinaryPredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>>)Last(outcome.Model);
        Assert.Equal(trees, binary.Model.SubModel.TrainedTreeEnsemble.Trees.Count);
        Assert.Equal(("number_of_trees", trees), outcome.ModelCandidate.StoppedRounds);
    }

    [Fact]
    public void Train_lightgbmMulticlass_refitTrainsTheRoundsTheFoldsChose()
    {
        var outcome = new ModelTrainer().Train(new TrainingRequest { Data = Penguins.Value, Target = "species", Task = TaskKind.Multiclass, Algorithms = ["lightgbm"], Folds = 5, Seed = 4 });

        var rounds = (int)outcome.ModelCandidate.Hyperparameters["number_of_iterations"];
        // Five folds leave each fold over the 200 rows early stopping needs; penguins separate long before the cap.
        Assert.InRange(rounds, 1, LightGbmAlgorithm.MaximumRounds - 1);
        Assert.NotEqual(100, rounds);
        var model = ((MulticlassPredictionTransformer<OneVersusAllModelParameters>)Last(outcome.Model)).Model;
        Assert.Equal(rounds, OneVersusAllRounds.Of(model));
        Assert.True(outcome.ModelCandidate.Test["accuracy"] > 0.9, $"test accuracy {outcome.ModelCandidate.Test["accuracy"]}");
    }

    [Fact]
    public void Train_sameSeedTwice_choosesTheSameRounds()
    {
        TrainingOutcome Run() => new ModelTrainer().Train(new TrainingRequest { Data = Ames.Value, Target = "Sale_Price", Task = TaskKind.Regression, Algorithms = ["lightgbm"], Folds = 3, Seed = 4 });

        Assert.Equal(Run().ModelCandidate.Hyperparameters, Run().ModelCandidate.Hyperparameters);
    }
}
