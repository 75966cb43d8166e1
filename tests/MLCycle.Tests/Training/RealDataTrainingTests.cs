using MLCycle.Data;
using MLCycle.Training;

namespace MLCycle.Tests.Training;

/// <summary>Training end to end on the shipped real datasets.</summary>
public class RealDataTrainingTests
{
    [Fact]
    public void Train_telco_lightgbm_beats_the_baseline_auc_on_test()
    {
        var data = CsvTables.Load(RepoFiles.Path("examples/telco-churn/telco_churn.csv"));

        var outcome = new ModelTrainer().Train(new TrainingRequest { Data = data, Target = "churn", Task = TaskKind.Binary, Algorithms = ["lightgbm", "baseline"], Folds = 3 });

        var lightgbm = outcome.Candidates[0];
        Assert.Equal(["No", "Yes"], outcome.Classes);
        Assert.Equal("lightgbm", outcome.Winner);
        Assert.InRange(lightgbm.Test["auc"], 0.78, 0.95);
        Assert.Equal(0.5, outcome.Candidates[1].Test["auc"], 6);
        // 7043 rows, 20% held out per class.
        Assert.Equal(1409, outcome.TestSet.RowCount);
    }

    [Fact]
    public void Train_penguins_multiclass_separates_the_species()
    {
        var data = CsvTables.Load(RepoFiles.Path("examples/penguins/penguins.csv"));

        var outcome = new ModelTrainer().Train(new TrainingRequest { Data = data, Target = "species", Task = TaskKind.Multiclass, Algorithms = ["lightgbm", "linear", "baseline"], Folds = 3 });

        Assert.Equal(["Adelie", "Chinstrap", "Gentoo"], outcome.Classes);
        Assert.NotEqual("baseline", outcome.Winner);
        Assert.True(outcome.ModelCandidate.Test["macro_f1"] > 0.9, $"macro_f1 {outcome.ModelCandidate.Test["macro_f1"]}");
    }

    [Fact]
    public void Train_ames_subset_regression_beats_the_mean()
    {
        var data = CsvTables.Load(RepoFiles.Path("examples/ames-housing/ames_housing.csv"), maxRows: 600);

        var outcome = new ModelTrainer().Train(new TrainingRequest { Data = data, Target = "Sale_Price", Task = TaskKind.Regression, Algorithms = ["lightgbm", "baseline"], Folds = 3 });

        var model = outcome.Candidates[0];
        var baseline = outcome.Candidates[1];
        Assert.Equal("lightgbm", outcome.Winner);
        Assert.True(model.Test["rmse"] < 0.6 * baseline.Test["rmse"], $"rmse {model.Test["rmse"]} vs baseline {baseline.Test["rmse"]}");
        Assert.True(model.Test["r2"] > 0.7, $"r2 {model.Test["r2"]}");
    }

    [Fact]
    public void Train_seattle_weather_turns_the_date_into_parts()
    {
        var kinds = new Dictionary<string, ColumnKind> { ["date"] = ColumnKind.DateTime };
        var data = CsvTables.Load(RepoFiles.Path("tests/data/seattle_weather.csv"), maxRows: 800, kinds: kinds);

        var outcome = new ModelTrainer().Train(new TrainingRequest { Data = data, Target = "weather", Task = TaskKind.Multiclass, Algorithms = ["lightgbm", "baseline"], Folds = 2 });

        Assert.Equal(ColumnKind.DateTime, outcome.Model.Inputs[0].Kind);
        Assert.Equal(["date.year", "date.month", "date.day", "date.day_of_week", "date.hour"], outcome.Model.Layout.NumericSlots.Take(5));
        Assert.True(outcome.Candidates[0].Test["accuracy"] > outcome.Candidates[1].Test["accuracy"]);
    }
}
