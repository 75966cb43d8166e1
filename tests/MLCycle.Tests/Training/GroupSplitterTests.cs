using MLCycle.Training;

namespace MLCycle.Tests.Training;

public class GroupSplitterTests
{
    // 60 rows in 20 groups of uneven size (1 to 5 rows), with a few missing group values.
    private static string?[] Groups() =>
        Enumerable.Range(0, 60).Select(r => r % 13 == 5 ? null : $"g{r * 7 % 19}").ToArray();

    [Fact]
    public void Split_never_puts_a_group_on_both_sides_and_holds_about_the_test_share()
    {
        var groups = Groups();

        var (train, test) = GroupSplitter.Split(groups, 0.25, seed: 3);

        Assert.Equal(Enumerable.Range(0, 60), train.Concat(test).Order());
        Assert.Empty(train.Select(r => groups[r] ?? "(missing)").Intersect(test.Select(r => groups[r] ?? "(missing)")));
        Assert.InRange(test.Length, 15, 22);
    }

    [Fact]
    public void Split_is_seeded()
    {
        var (train, test) = GroupSplitter.Split(Groups(), 0.25, seed: 3);
        var (again, againTest) = GroupSplitter.Split(Groups(), 0.25, seed: 3);

        Assert.Equal(train, again);
        Assert.Equal(test, againTest);
        Assert.NotEqual(GroupSplitter.Split(Groups(), 0.25, seed: 3).Test, GroupSplitter.Split(Groups(), 0.25, seed: 4).Test);
    }

    [Fact]
    public void Folds_keep_each_group_in_one_fold_and_cover_every_row_once()
    {
        var groups = Groups();

        var folds = GroupSplitter.Folds(groups, 4, seed: 1);

        Assert.Equal(Enumerable.Range(0, 60), folds.SelectMany(f => f).Order());
        var foldOf = new Dictionary<string, int>();
        for (var k = 0; k < folds.Length; k++)
            foreach (var row in folds[k])
                Assert.Equal(k, foldOf.TryAdd(groups[row] ?? "(missing)", k) ? k : foldOf[groups[row] ?? "(missing)"]);
        // Largest groups first to the emptiest fold: sizes stay within one group's size of each other.
        Assert.InRange(folds.Max(f => f.Length) - folds.Min(f => f.Length), 0, 5);
    }

    [Fact]
    public void Split_with_one_group_says_a_group_split_needs_two()
    {
        var e = Assert.Throws<MLCycleException>(() => GroupSplitter.Split(["a", "a", "a"], 0.2, 1));

        Assert.Equal(ErrorKind.BadData, e.Kind);
        Assert.Contains("at least 2 groups; the data has 1", e.Message);
    }

    [Fact]
    public void Folds_with_fewer_groups_than_folds_name_both_counts()
    {
        var e = Assert.Throws<MLCycleException>(() => GroupSplitter.Folds(["a", "b", "a", "b"], 3, 1));

        Assert.Contains("3 folds by group needs at least 3 groups in the training part; found 2", e.Message);
    }
}
