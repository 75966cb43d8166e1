using MLCycle.Training;

namespace MLCycle.Tests.Training;

public class TimeSplitterTests
{
    [Fact]
    public void Split_tests_on_the_latest_rows_whatever_their_order_in_the_data()
    {
        double[] times = [5, 1, 9, 3, 7, 2, 8, 0, 6, 4];

        var (train, test) = TimeSplitter.Split(times, 0.2);

        Assert.Equal([2, 6], test); // times 9 and 8
        Assert.True(train.Max(r => times[r]) <= test.Min(r => times[r]));
    }

    [Fact]
    public void Folds_chain_forward_as_scikit_learns_TimeSeriesSplit()
    {
        // TimeSeriesSplit(n_splits=3) on 10 ordered rows: train [0..4) test [4,6); [0..6) [6,8); [0..8) [8,10).
        var times = Enumerable.Range(0, 10).Select(i => (double)i).ToArray();

        var folds = TimeSplitter.Folds(times, 3);

        Assert.Equal([[0, 1, 2, 3], [0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5, 6, 7]], folds.Select(f => f.Train));
        Assert.Equal([[4, 5], [6, 7], [8, 9]], folds.Select(f => f.Validation));
    }

    [Fact]
    public void Folds_never_score_a_row_older_than_a_training_row()
    {
        var random = new Random(5);
        var times = Enumerable.Range(0, 97).Select(_ => (double)random.Next(40)).ToArray();

        foreach (var fold in TimeSplitter.Folds(times, 5))
        {
            Assert.True(fold.Train.Max(r => times[r]) <= fold.Validation.Min(r => times[r]));
            Assert.Empty(fold.Train.Intersect(fold.Validation));
        }
    }

    [Fact]
    public void ByTime_with_a_missing_time_names_the_count_and_first_row()
    {
        var e = Assert.Throws<MLCycleException>(() => RowSplit.ByTime("date", [1, double.NaN, 3, double.NaN], dates: true));

        Assert.Equal(ErrorKind.BadData, e.Kind);
        Assert.Contains("'date' has 2 missing value(s), the first in data row 2", e.Message);
    }
}
