using MLCycle.Data;
using MLCycle.Evaluation;

namespace MLCycle.Tests.Evaluation;

public sealed class SliceSpecTests
{
    private static TableColumn Tenure(params string?[] values) => TableColumn.FromStrings(new ColumnInfo("tenure", ColumnKind.Categorical, "VARCHAR"), values);

    [Fact]
    public void Group_given_bins_puts_each_value_in_its_interval_and_outside_values_apart()
    {
        var slice = SliceSpec.Parse("tenure:0,12,24,60", "--slices");
        var column = Tenure("0", "11.5", "12", "60", "61", "-1", null);

        var groups = slice.Group(column, Enumerable.Range(0, 7).ToList());

        Assert.Equal(["< 0", "[0, 12)", "[12, 24)", "[24, 60]", "> 60", null], groups.Select(g => g.Label));
        Assert.Equal([[5], [0, 1], [2], [3], [4], [6]], groups.Select(g => g.Rows));
    }

    [Fact]
    public void Parse_edges_not_increasing_names_the_option_and_the_edges()
    {
        var e = Assert.Throws<MLCycleException>(() => SliceSpec.Parse("tenure:12,0", "--slices"));

        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains("--slices 'tenure:12,0'", e.Message);
    }
}
