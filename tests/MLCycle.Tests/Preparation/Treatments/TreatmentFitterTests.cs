using MLCycle.Data;
using MLCycle.Preparation.Treatments;

namespace MLCycle.Tests.Preparation.Treatments;

public class TreatmentFitterTests
{
    private static TableColumn Numbers(string name, params double[] values) => TableColumn.FromNumbers(new ColumnInfo(name, ColumnKind.Numeric, "DOUBLE"), values);
    private static TableColumn Strings(string name, params string?[] values) => TableColumn.FromStrings(new ColumnInfo(name, ColumnKind.Categorical, "VARCHAR"), values);

    private static FittedTreatments Fit(TreatmentOptions options, params TableColumn[] columns) =>
        TreatmentFitter.Fit(new Table([.. columns, Numbers("y", new double[columns[0].Length])]), "y", options);

    private static Dictionary<string, OutlierRule> Outliers(string column, OutlierRule rule) => new() { [column] = rule };

    [Fact]
    public void Fit_iqr_rule_gives_the_tukey_fences_of_the_training_values()
    {
        // Q1 = 3.25 and Q3 = 7.75 (linear interpolation), IQR 4.5: fences 3.25 - 6.75 and 7.75 + 6.75.
        var fitted = Fit(new TreatmentOptions { Outliers = Outliers("x", new OutlierRule()) }, Numbers("x", 1, 2, 3, 4, 5, 6, 7, 8, 9, 100));

        var x = Assert.Single(fitted.Numeric);
        Assert.Equal((-3.5, 14.5), (x.Low!.Value, x.High!.Value));
        Assert.Equal("iqr 1.5", x.Rule);
        Assert.True(x.Clips);
    }

    [Fact]
    public void Fit_percentile_rule_takes_the_interpolated_percentiles()
    {
        var rule = new OutlierRule { Mode = OutlierMode.Remove, Percentiles = new PercentileRange(10, 95) };

        var x = Assert.Single(Fit(new TreatmentOptions { Outliers = Outliers("x", rule) }, Numbers("x", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)).Numeric);

        // Positions 10 * 0.10 = 1 and 10 * 0.95 = 9.5 in the sorted values.
        Assert.Equal((2.0, 10.5), (x.Low!.Value, x.High!.Value));
        Assert.True(x.Removes);
        Assert.False(x.Clips);
    }

    [Fact]
    public void Fit_leaves_sentinels_and_missing_values_out_of_the_bounds()
    {
        var options = new TreatmentOptions
        {
            Sentinels = new Dictionary<string, IReadOnlyList<string>> { ["x"] = ["-999"] },
            Outliers = Outliers("x", new OutlierRule { Percentiles = new PercentileRange(0, 100) }),
        };

        var x = Assert.Single(Fit(options, Numbers("x", -999, 4, double.NaN, 2, -999, 8)).Numeric);

        Assert.Equal([-999.0], x.Sentinels);
        Assert.Equal((2.0, 8.0), (x.Low!.Value, x.High!.Value));
    }

    [Fact]
    public void Fit_wildcard_sentinels_go_by_kind_numbers_to_numeric_text_to_categorical()
    {
        var options = new TreatmentOptions { Sentinels = new Dictionary<string, IReadOnlyList<string>> { ["*"] = ["-1", "N/A"], ["c"] = ["?"] } };

        var fitted = Fit(options, Numbers("n", 1, -1), Strings("c", "a", "N/A"));

        Assert.Equal([-1.0], Assert.Single(fitted.Numeric).Sentinels);
        Assert.Equal(["?", "N/A"], Assert.Single(fitted.Categorical).Sentinels.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Fit_merges_levels_under_the_minimum_count_after_trimming_and_case_folding()
    {
        var options = new TreatmentOptions { Categories = new CategoryOptions { MinCount = 2 } };

        var fitted = Fit(options, Strings("c", "a", "A ", " a", "b", "B", "c", null));

        Assert.Equal(CategoryNormalization.TrimAndCaseFold, fitted.Normalization);
        Assert.Equal(["c"], Assert.Single(fitted.Categorical).Merged);
        Assert.Equal("a", fitted.Level("c", " A"));
        Assert.Equal(FittedTreatments.OtherLevel, fitted.Level("c", "C "));
        Assert.Null(fitted.Level("c", null));
    }

    [Fact]
    public void Fit_merges_levels_under_the_minimum_share_of_non_missing_rows()
    {
        // a 3/6, b 2/6, c 1/6 of the non-missing, non-sentinel rows; the bar is 0.4.
        var options = new TreatmentOptions
        {
            Categories = new CategoryOptions { MinShare = 0.4, CaseFold = false },
            Sentinels = new Dictionary<string, IReadOnlyList<string>> { ["c"] = ["?"] },
        };

        var fitted = Fit(options, Strings("c", "a", "a", "a", "b", "b", "c", "?", "?", null));

        var c = Assert.Single(fitted.Categorical);
        Assert.Equal(["b", "c"], c.Merged);
        Assert.Equal(CategoryNormalization.Trim, fitted.Normalization);
        Assert.Null(fitted.Level("c", " ? "));
        Assert.Equal("A", fitted.Level("c", "A"));
    }

    [Fact]
    public void IsMissing_counts_sentinels_and_missing_cells_but_not_other_values()
    {
        var options = new TreatmentOptions { Sentinels = new Dictionary<string, IReadOnlyList<string>> { ["*"] = ["-999", "N/A"] } };
        var n = Numbers("n", -999, double.NaN, 3);
        var c = Strings("c", " n/a", null, "x");

        var fitted = Fit(options with { Categories = new CategoryOptions() }, n, c);

        Assert.Equal([true, true, false], Enumerable.Range(0, 3).Select(r => fitted.IsMissing(n, r)));
        Assert.Equal([true, true, false], Enumerable.Range(0, 3).Select(r => fitted.IsMissing(c, r)));
    }

    [Fact]
    public void Fit_without_treatments_fits_nothing()
    {
        Assert.True(Fit(new TreatmentOptions(), Numbers("x", 1, 2)).IsEmpty);
    }

    [Theory]
    [InlineData("outliers", "incme", "'prepare.outliers.incme'", "not a feature column")]
    [InlineData("sentinels", "incme", "'prepare.sentinels.incme'", "not a feature column")]
    [InlineData("outliers", "city", "'prepare.outliers.city'", "applies to numeric columns")]
    [InlineData("sentinels", "income", "'prepare.sentinels.income[0]'", "must be numbers; found 'N/A'")]
    [InlineData("outliers", "y", "'prepare.outliers.y'", "not a feature column")]
    [InlineData("sentinels", "income=1e39", "'prepare.sentinels.income[0]'", "within ±3.4e38")]
    public void Fit_refuses_a_treatment_that_does_not_fit_its_column(string treatment, string column, string key, string why)
    {
        var options = treatment == "outliers"
            ? new TreatmentOptions { Outliers = Outliers(column, new OutlierRule()) }
            : new TreatmentOptions { Sentinels = new Dictionary<string, IReadOnlyList<string>> { [column.Split('=')[0]] = [column.Contains('=') ? column.Split('=')[1] : "N/A"] } };

        var error = Assert.Throws<MLCycleException>(() => Fit(options, Numbers("income", 1, 2), Strings("city", "a", "b")));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains(key, error.Message);
        Assert.Contains(why, error.Message);
    }

    [Theory]
    [InlineData(5, 95, false)]
    [InlineData(-1, 95, true)]
    [InlineData(50, 50, true)]
    [InlineData(1, 101, true)]
    public void Check_percentiles_must_rise_within_0_to_100(double low, double high, bool refused)
    {
        var options = new TreatmentOptions { Outliers = Outliers("x", new OutlierRule { Percentiles = new PercentileRange(low, high) }) };

        var problems = TreatmentCheck.Check(options, [new ColumnInfo("x", ColumnKind.Numeric, "DOUBLE")]);

        Assert.Equal(refused, problems.Any(p => p.KeyPath == "outliers.x.percentiles"));
    }
}
