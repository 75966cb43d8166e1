using MLCycle.Data;
using MLCycle.Pipelines;
using MLCycle.Preparation.Treatments;

namespace MLCycle.Tests.Pipelines;

public sealed class SpecTreatmentsTests
{
    private const string File = "/specs/mlcycle.yaml";

    private static PipelineSpec Parse(string prepare) => SpecLoader.Parse($"""
        name: credit
        data:
          path: credit.csv
          target: default
        prepare:
        {prepare}
        """, File);

    private static MLCycleException Refused(string prepare)
    {
        var e = Assert.Throws<MLCycleException>(() => Parse(prepare));
        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        return e;
    }

    [Fact]
    public void Parse_reads_sentinels_categories_and_outliers()
    {
        var spec = Parse("""
              sentinels: { age: [-999, 0], "*": ["N/A", "?"] }
              categories: { case_fold: false, min_count: 5, min_share: 0.01 }
              outliers:
                income: clip
                debt: { mode: remove, percentiles: [1, 99.5] }
                "*": { iqr: 3 }
            """);

        var t = spec.Prepare.Treatments;
        Assert.Equal(["-999", "0"], t.Sentinels["age"]);
        Assert.Equal(["N/A", "?"], t.Sentinels["*"]);
        Assert.Equal(new CategoryOptions { CaseFold = false, MinCount = 5, MinShare = 0.01 }, t.Categories);
        Assert.Equal(new OutlierRule { Mode = OutlierMode.Clip }, t.Outliers["income"]);
        Assert.Equal(new OutlierRule { Mode = OutlierMode.Remove, Percentiles = new PercentileRange(1, 99.5) }, t.Outliers["debt"]);
        Assert.Equal(new OutlierRule { Mode = OutlierMode.Clip, IqrFactor = 3 }, t.Outliers["*"]);
    }

    [Fact]
    public void Parse_bare_categories_key_normalises_with_the_defaults()
    {
        var spec = Parse("  categories:\n  missing: median");

        Assert.Equal(new CategoryOptions(), spec.Prepare.Treatments.Categories);
    }

    [Fact]
    public void Parse_without_treatments_asks_for_none()
    {
        Assert.True(Parse("  scale: none").Prepare.Treatments.IsEmpty);
    }

    [Theory]
    [InlineData("  outliers: { income: trim }", "'prepare.outliers.income'", "expected one of clip, remove, found 'trim'")]
    [InlineData("  outliers: { income: { mode: cap } }", "'prepare.outliers.income.mode'", "expected one of clip, remove")]
    [InlineData("  outliers: { income: { percentiles: [5, 101] } }", "'prepare.outliers.income.percentiles'", "0 <= low < high <= 100")]
    [InlineData("  outliers: { income: { percentiles: [99, 1] } }", "'prepare.outliers.income.percentiles'", "found [99, 1]")]
    [InlineData("  outliers: { income: { percentiles: [1] } }", "'prepare.outliers.income.percentiles'", "expected [low, high]")]
    [InlineData("  outliers: { income: { percentiles: [1, 99], iqr: 2 } }", "'prepare.outliers.income.percentiles'", "not both")]
    [InlineData("  outliers: { income: { iqr: 0 } }", "'prepare.outliers.income.iqr'", "above 0")]
    [InlineData("  outliers: { income: { mode: clip, fence: 2 } }", "'prepare.outliers.income.fence'", "unknown key 'fence'")]
    [InlineData("  sentinels: { age: -999 }", "'prepare.sentinels.age'", "expected a list")]
    [InlineData("  sentinels: { age: [] }", "'prepare.sentinels.age'", "empty list")]
    [InlineData("  categories: { min_share: 1.5 }", "'prepare.categories.min_share'", "from 0 up to")]
    [InlineData("  categories: { min_count: -1 }", "'prepare.categories.min_count'", "0 or more")]
    [InlineData("  categories: { casefold: true }", "'prepare.categories.casefold'", "did you mean 'case_fold'?")]
    [InlineData("  outlier: { income: clip }", "'prepare.outlier'", "did you mean 'outliers'?")]
    public void Parse_refuses_a_bad_treatment_naming_its_key(string prepare, string key, string why)
    {
        var e = Refused(prepare);

        Assert.Contains(key, e.Message);
        Assert.Contains(why, e.Message);
        Assert.Contains("line ", e.Message);
    }

    [Theory]
    [InlineData("  outliers: { incme: clip }", "line 6, 'prepare.outliers.incme'", "not a feature column (feature columns are: income, city, when)")]
    [InlineData("  outliers: { city: clip }", "line 6, 'prepare.outliers.city'", "applies to numeric columns; 'city' is categorical")]
    [InlineData("  sentinels: { income: [\"N/A\"] }", "line 6, 'prepare.sentinels.income[0]'", "must be numbers; found 'N/A'")]
    [InlineData("  sentinels: { when: [0] }", "line 6, 'prepare.sentinels.when'", "'when' is datetime")]
    [InlineData("  outliers: { default: clip }", "line 6, 'prepare.outliers.default'", "is the target")]
    public void Verify_refuses_a_treatment_that_does_not_fit_the_data(string prepare, string where, string why)
    {
        var spec = Parse(prepare);
        ColumnInfo[] schema =
        [
            new("income", ColumnKind.Numeric, "DOUBLE"), new("city", ColumnKind.Categorical, "VARCHAR"),
            new("when", ColumnKind.DateTime, "TIMESTAMP"), new("default", ColumnKind.Categorical, "VARCHAR"),
        ];

        var e = Assert.Throws<MLCycleException>(() => TreatmentSpecCheck.Verify(spec, schema));

        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains($"{Path.GetFullPath(File)}: {where}", e.Message);
        Assert.Contains(why, e.Message);
    }
}
