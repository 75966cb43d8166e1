using MLCycle.Training;

namespace MLCycle.Tests.Training;

public class DataSplitterTests
{
    // 80 "a" and 20 "b": a stratified 25% test part holds exactly 20 "a" and 5 "b".
    private static readonly string[] Labels = Enumerable.Range(0, 100).Select(i => i % 5 == 0 ? "b" : "a").ToArray();

    [Fact]
    public void Split_stratified_keeps_class_proportions()
    {
        var (train, test) = DataSplitter.Split(100, 0.25, 42, Labels);

        Assert.Equal(25, test.Length);
        Assert.Equal(5, test.Count(r => Labels[r] == "b"));
        Assert.Equal(15, train.Count(r => Labels[r] == "b"));
        Assert.Empty(train.Intersect(test));
        Assert.Equal(Enumerable.Range(0, 100), train.Concat(test).Order());
    }

    [Fact]
    public void Split_same_seed_gives_same_split_and_another_seed_another()
    {
        var first = DataSplitter.Split(100, 0.2, 7, Labels);
        var again = DataSplitter.Split(100, 0.2, 7, Labels);
        var other = DataSplitter.Split(100, 0.2, 8, Labels);

        Assert.Equal(first.Test, again.Test);
        Assert.NotEqual(first.Test, other.Test);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Split_with_fraction_outside_zero_one_is_a_spec_error(double fraction)
    {
        var error = Assert.Throws<MLCycleException>(() => DataSplitter.Split(10, fraction, 1));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
    }

    [Fact]
    public void Folds_are_disjoint_cover_all_rows_and_are_stratified()
    {
        var folds = DataSplitter.Folds(100, 5, 42, Labels);

        Assert.Equal(5, folds.Length);
        Assert.Equal(Enumerable.Range(0, 100), folds.SelectMany(f => f).Order());
        Assert.All(folds, f => Assert.Equal(20, f.Length));
        Assert.All(folds, f => Assert.Equal(4, f.Count(r => Labels[r] == "b")));
    }

    [Fact]
    public void Folds_more_than_rows_is_a_spec_error()
    {
        var error = Assert.Throws<MLCycleException>(() => DataSplitter.Folds(3, 5, 1));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains("5 folds", error.Message);
    }
}
