using MLCycle.Profiling;
using MLCycle.Tests.Data;

namespace MLCycle.Tests.Profiling;

public sealed class BiasCheckerBadInputTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly BiasChecker _checker = new();

    public void Dispose() => _temp.Dispose();

    private static Dictionary<string, IReadOnlyDictionary<string, double>> Expect(string column, params (string Group, double Share)[] shares) =>
        new() { [column] = shares.ToDictionary(s => s.Group, s => s.Share) };

    private async Task<MLCycleException> Fails(BiasOptions options)
    {
        var error = await Assert.ThrowsAsync<MLCycleException>(() => _checker.CheckAsync(BiasCheckerTests.People(_temp), options));
        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        return error;
    }

    [Fact]
    public async Task CheckAsync_unknown_sensitive_column_names_it_and_the_columns_there_are()
    {
        var error = await Fails(new BiasOptions { Sensitive = ["gender"] });
        Assert.Contains("Sensitive column 'gender' is not in", error.Message);
        Assert.Contains("its columns are sex, region, note, churn", error.Message);
    }

    [Fact]
    public async Task CheckAsync_unknown_target_column_names_it()
    {
        var error = await Fails(new BiasOptions { Sensitive = ["sex"], Target = "outcome" });
        Assert.Contains("Target column 'outcome' is not in", error.Message);
    }

    [Fact]
    public async Task CheckAsync_no_sensitive_column_is_a_spec_error()
    {
        var error = await Fails(new BiasOptions());
        Assert.Contains("at least one sensitive column", error.Message);
    }

    [Fact]
    public async Task CheckAsync_expected_shares_not_summing_to_1_name_the_column_and_the_sum()
    {
        var error = await Fails(new BiasOptions { Sensitive = ["sex"], ExpectedShares = Expect("sex", ("M", 0.5), ("F", 0.48)) });
        Assert.Equal("ExpectedShares for 'sex' sum to 0.98; expected 1 (within 0.01).", error.Message);
    }

    [Fact]
    public async Task CheckAsync_expected_shares_within_the_tolerance_are_accepted_and_rescaled()
    {
        var report = await _checker.CheckAsync(BiasCheckerTests.People(_temp),
            new BiasOptions { Sensitive = ["sex"], ExpectedShares = Expect("sex", ("M", 0.5), ("F", 0.495)) });
        Assert.Equal(1.0, report.Gaps[0].Groups.Sum(g => g.ExpectedShare), 12);
    }

    [Fact]
    public async Task CheckAsync_negative_expected_share_names_the_group()
    {
        var error = await Fails(new BiasOptions { Sensitive = ["sex"], ExpectedShares = Expect("sex", ("M", 1.2), ("F", -0.2)) });
        Assert.StartsWith("ExpectedShares for 'sex' gives group 'F' the share -0.2; expected a share above 0", error.Message);
    }

    [Fact]
    public async Task CheckAsync_expected_group_not_in_the_data_names_it_and_the_groups_found()
    {
        var error = await Fails(new BiasOptions { Sensitive = ["sex"], ExpectedShares = Expect("sex", ("M", 0.5), ("X", 0.5)) });
        Assert.Equal("ExpectedShares for 'sex' names group 'X', which is not in the data; its groups are 'M', 'F'.", error.Message);
    }

    [Fact]
    public async Task CheckAsync_expected_shares_for_a_column_that_is_not_sensitive_name_it()
    {
        var error = await Fails(new BiasOptions { Sensitive = ["sex"], ExpectedShares = Expect("region", ("N", 0.5), ("S", 0.5)) });
        Assert.Contains("ExpectedShares names column 'region', which is not a sensitive column", error.Message);
    }

    [Fact]
    public async Task CheckAsync_text_target_without_positive_class_asks_for_one()
    {
        var csv = _temp.Write("t.csv", "sex,grade\nM,good\nF,bad\nM,good\n");
        var error = await Assert.ThrowsAsync<MLCycleException>(() => _checker.CheckAsync(csv, new BiasOptions { Sensitive = ["sex"], Target = "grade" }));
        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains("name the positive class (e.g. 'good', 'bad')", error.Message);
    }

    [Fact]
    public async Task CheckAsync_positive_class_that_never_occurs_names_it_and_the_values_found()
    {
        var error = await Fails(new BiasOptions { Sensitive = ["sex"], Target = "region", PositiveClass = "West" });
        Assert.Contains("Positive class 'West' never occurs in target 'region'", error.Message);
        Assert.Contains("'N', 'S'", error.Message);
    }

    [Fact]
    public async Task CheckAsync_band_edges_out_of_order_are_a_spec_error()
    {
        var error = await Fails(new BiasOptions
        {
            Sensitive = ["sex"],
            BandEdges = new Dictionary<string, IReadOnlyList<double>> { ["sex"] = [10, 5] },
        });
        Assert.Contains("BandEdges for 'sex' must be at least two finite numbers in strictly ascending order; found [10, 5]", error.Message);
    }

    [Fact]
    public async Task CheckAsync_band_edges_on_a_text_column_are_a_spec_error()
    {
        var error = await Fails(new BiasOptions
        {
            Sensitive = ["sex"],
            BandEdges = new Dictionary<string, IReadOnlyList<double>> { ["sex"] = [0, 5] },
        });
        Assert.Contains("BandEdges names 'sex', which is categorical", error.Message);
    }

    [Fact]
    public async Task CheckAsync_sensitive_column_that_is_also_the_target_is_a_spec_error()
    {
        var error = await Fails(new BiasOptions { Sensitive = ["sex"], Target = "sex", PositiveClass = "F" });
        Assert.Contains("is both the target and a sensitive column", error.Message);
    }
}
