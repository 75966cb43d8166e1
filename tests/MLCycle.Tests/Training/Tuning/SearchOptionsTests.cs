using MLCycle.Training;
using MLCycle.Training.Tuning;

namespace MLCycle.Tests.Training.Tuning;

public class SearchOptionsTests
{
    [Theory]
    [InlineData(7_021, 20, 35)]     // telco once duplicates are dropped
    [InlineData(50_000, 10, 100)]   // capped
    [InlineData(300, 8, 10)]        // penguins: the minimum
    public void Default_budget_is_a_second_per_4000_cells_between_10_and_100(int rows, int columns, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), SearchOptions.Default(rows, columns).Budget);
    }

    [Fact]
    public void Default_budget_for_wide_data_is_the_minimum_and_says_why()
    {
        var options = SearchOptions.Default(10_000, WideFeatureRule.Threshold + 1);

        Assert.Equal(TimeSpan.FromSeconds(SearchOptions.MinimumSeconds), options.Budget);
        Assert.Contains("for wide data (501 columns > 500; set train.budget for a longer search)", options.BudgetReason);
    }
}
