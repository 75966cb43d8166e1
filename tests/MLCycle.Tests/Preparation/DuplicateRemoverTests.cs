using MLCycle.Data;
using MLCycle.Preparation;
using static MLCycle.Tests.Training.SyntheticTables;

namespace MLCycle.Tests.Preparation;

public class DuplicateRemoverTests
{
    [Fact]
    public void Remove_exact_duplicates_keeps_first_occurrence_in_order()
    {
        var table = new Table([
            Numbers("n", [1, 2, 1, double.NaN, double.NaN, 1]),
            Strings("s", ["a", "b", "a", null, null, "z"]),
        ]);

        var (result, removed) = DuplicateRemover.Remove(table);

        Assert.Equal(2, removed);
        Assert.Equal([1, 2, double.NaN, 1], result["n"].Numbers!);
        Assert.Equal(new string?[] { "a", "b", null, "z" }, result["s"].Strings!);
    }

    [Fact]
    public void Remove_without_duplicates_returns_the_same_table()
    {
        var table = new Table([Numbers("n", [1, 2, 3])]);

        var (result, removed) = DuplicateRemover.Remove(table);

        Assert.Equal(0, removed);
        Assert.Same(table, result);
    }
}
