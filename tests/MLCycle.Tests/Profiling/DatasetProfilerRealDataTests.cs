using MLCycle.Data;
using MLCycle.Profiling;
using MLCycle.Tests.Data;

namespace MLCycle.Tests.Profiling;

public sealed class DatasetProfilerRealDataTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly DatasetProfiler _profiler = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ProfileAsync_penguins_matches_the_known_counts()
    {
        var profile = await _profiler.ProfileAsync(RepoFiles.Example("penguins", "penguins.csv"));

        Assert.Equal(344, profile.Rows);
        Assert.Equal(0, profile.DuplicateRows);
        Assert.Empty(profile.ConstantColumns);
        Assert.Equal(2, profile.Find("bill_length_mm")!.Missing);
        Assert.Equal(11, profile.Find("sex")!.Missing);
        Assert.Equal(333, profile.Find("sex")!.Count);
        var species = profile.Find("species")!;
        Assert.Equal(3, species.Distinct);
        Assert.Equal([new ValueCount("Adelie", 152), new ValueCount("Gentoo", 124), new ValueCount("Chinstrap", 68)], species.TopValues);
    }

    [Fact]
    public async Task ProfileAsync_penguins_numeric_statistics_match_the_published_summary()
    {
        var profile = await _profiler.ProfileAsync(RepoFiles.Example("penguins", "penguins.csv"));

        // summary() and sd() in R on palmerpenguins::penguins.
        var mass = profile.Find("body_mass_g")!.Numeric!;
        Assert.Equal((2700.0, 6300.0), (mass.Min, mass.Max));
        Assert.Equal(4201.754, mass.Mean, 3);
        Assert.Equal(801.9545, mass.Std, 4);
        Assert.Equal(4050, mass.Median);
        var bill = profile.Find("bill_length_mm")!.Numeric!;
        Assert.Equal(43.92193, bill.Mean, 5);
        Assert.Equal(44.45, bill.Median, 9);
        var year = profile.Find("year")!;
        Assert.Equal([new ValueCount("2009", 120), new ValueCount("2008", 114), new ValueCount("2007", 110)], year.TopValues);
        Assert.Equal(342, profile.Find("flipper_length_mm")!.Histogram!.Counts.Sum());
    }

    [Fact]
    public async Task ProfileAsync_parquet_is_profiled_like_csv()
    {
        var csv = await _profiler.ProfileAsync(RepoFiles.Example("penguins", "penguins.csv"));
        var path = _temp.WriteParquet("penguins.parquet",
            $"SELECT * FROM read_csv({SqlText.Literal(RepoFiles.Example("penguins", "penguins.csv"))}, header=true)");

        var parquet = await _profiler.ProfileAsync(path);

        Assert.Equal(csv.Rows, parquet.Rows);
        Assert.Equal(csv.Find("sex")!.TopValues, parquet.Find("sex")!.TopValues);
        Assert.Equal(csv.Find("body_mass_g")!.Numeric!.Percentiles, parquet.Find("body_mass_g")!.Numeric!.Percentiles);
        Assert.NotEqual(csv.Fingerprint, parquet.Fingerprint);
    }

    [Fact]
    public async Task ProfileAsync_above_a_million_rows_approximates_close_to_the_exact_values()
    {
        // 1,200,000 rows: x = 0..1,199,999, so the median is 599,999.5 and there are 1.2M distinct values.
        var path = _temp.WriteParquet("big.parquet", "SELECT range::DOUBLE AS x, range % 7 AS k FROM range(1200000)");

        var profile = await _profiler.ProfileAsync(path);

        var x = profile.Find("x")!;
        Assert.Equal(1_200_000, profile.Rows);
        Assert.InRange(x.Distinct, 1_020_000, 1_380_000); // HyperLogLog: DuckDB's estimate is within about 15%
        Assert.InRange(x.Numeric!.Median, 599_999.5 - 6_000, 599_999.5 + 6_000);
        Assert.Equal((0.0, 1_199_999.0), (x.Numeric.Min, x.Numeric.Max));
        Assert.Equal(7, profile.Find("k")!.TopValues.Count);
        Assert.Equal(0, profile.DuplicateRows);
    }
}
