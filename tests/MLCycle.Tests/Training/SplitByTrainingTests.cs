using MLCycle.Data;
using MLCycle.Training;

namespace MLCycle.Tests.Training;

/// <summary>Group and time splits through the trainer on real data: the test part holds what the split promises.</summary>
public class SplitByTrainingTests
{
    [Fact]
    public void Train_group_split_keeps_every_household_on_one_side()
    {
        var telco = CsvTables.Load(RepoFiles.Path("examples/telco-churn/telco_churn.csv"), maxRows: 1500);
        // Households of up to 4 customers: a model must not be tested on a household it has seen.
        var households = Enumerable.Range(0, telco.RowCount).Select(r => $"h{r * 31 % 400}").ToArray();
        var data = new Table([.. telco.Columns, TableColumn.FromStrings(new ColumnInfo("household", ColumnKind.Categorical, "VARCHAR"), households)]);

        var outcome = new ModelTrainer().Train(new TrainingRequest
        {
            Data = data, Target = "churn", Task = TaskKind.Binary, Algorithms = ["linear"], Folds = 3,
            SplitBy = RowSplit.ByGroup("household", households),
        });

        var trainGroups = outcome.TrainSet["household"].FormatAll().ToHashSet();
        var testGroups = outcome.TestSet["household"].FormatAll().ToHashSet();
        Assert.Empty(trainGroups.Intersect(testGroups));
        Assert.InRange(outcome.TestSet.RowCount, 250, 350);
        Assert.StartsWith("by group 'household':", outcome.Split);
    }

    [Fact]
    public void Train_time_split_tests_on_the_latest_days()
    {
        var weather = CsvTables.Load(RepoFiles.Path("tests/data/seattle_weather.csv"), kinds: new Dictionary<string, ColumnKind> { ["date"] = ColumnKind.DateTime });
        var date = weather["date"];

        var outcome = new ModelTrainer().Train(new TrainingRequest
        {
            Data = weather, Target = "weather", Task = TaskKind.Multiclass, Algorithms = ["lightgbm"], Folds = 3,
            SplitBy = RowSplit.ByTime("date", date.Numbers!, dates: true),
        });

        Assert.Equal(ColumnKind.DateTime, date.Kind);
        Assert.True(outcome.TrainSet["date"].Numbers!.Max() < outcome.TestSet["date"].Numbers!.Min());
        Assert.Equal(Math.Round(weather.RowCount * 0.2), outcome.TestSet.RowCount);
        Assert.Matches(@"^by time 'date': training rows up to 2015-\d\d-\d\d 00:00:00, test rows from 2015-", outcome.Split);
    }
}
