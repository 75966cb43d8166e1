using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using MLCycle.Data;
using MLCycle.Training;
using MLCycle.Training.Algorithms;

namespace MLCycle.Tests.Training;

/// <summary>LightGBM chooses its rounds by early stopping in each fold, and the refit on the whole training part trains their median.</summary>
public sealed class EarlyStoppingTests
{
    private static readonly Lazy<Table> Ames = new(() =>
    {
        var full = CsvTables.Load(RepoFiles.Path("examples/ames-housing/ames_housing.csv"), maxRows: 600);
        return new Table(new[] { "Gr_Liv_Area", "Year_Built", "Neighborhood", "Total_Bsmt_SF", "Lot_Area", "Sale_Price" }.Select(c => full[c]).ToList());
    });

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
    public void Train_sameSeedTwice_choosesTheSameRounds()
    {
        TrainingOutcome Run() => new ModelTrainer().Train(new TrainingRequest { Data = Ames.Value, Target = "Sale_Price", Task = TaskKind.Regression, Algorithms = ["lightgbm"], Folds = 3, Seed = 4 });

        Assert.Equal(Run().ModelCandidate.Hyperparameters, Run().ModelCandidate.Hyperparameters);
    }
}
