using MLCycle.Data;
using MLCycle.Profiling;
using MLCycle.Tests.Data;

namespace MLCycle.Tests.Profiling;

public sealed class DatasetProfilerTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly DatasetProfiler _profiler = new();

    public void Dispose() => _temp.Dispose();

    // Rows 5 and 6 repeat row 1; row 7 repeats row 3 (missing values count as equal). k is constant, e is all missing.
    private const string Small = """
        g,v,f,k,e
        a,10,true,x,
        b,20,false,x,
        a,,true,x,
        c,40,true,x,
        a,10,true,x,
        a,10,true,x,
        a,,true,x,

        """;

    [Fact]
    public async Task ProfileAsync_small_csv_matches_hand_computed_counts()
    {
        var profile = await _profiler.ProfileAsync(_temp.Write("small.csv", Small));

        Assert.Equal(7, profile.Rows);
        Assert.Equal(3, profile.DuplicateRows);
        Assert.Equal(["k", "e"], profile.ConstantColumns);
        var g = profile.Find("g")!;
        Assert.Equal((ColumnKind.Categorical, 7L, 0L, 3L), (g.Kind, g.Count, g.Missing, g.Distinct));
        Assert.Equal([new ValueCount("a", 5), new ValueCount("b", 1), new ValueCount("c", 1)], g.TopValues);
        Assert.Null(g.Numeric);
        Assert.Null(g.Histogram);
        var e = profile.Find("e")!;
        Assert.Equal((ColumnKind.Categorical, 0L, 7L, 0L), (e.Kind, e.Count, e.Missing, e.Distinct));
        Assert.Empty(e.TopValues);
    }

    [Fact]
    public async Task ProfileAsync_small_csv_numeric_statistics_match_hand_computed_values()
    {
        var profile = await _profiler.ProfileAsync(_temp.Write("small.csv", Small));

        var v = profile.Find("v")!;
        Assert.Equal((ColumnKind.Numeric, 5L, 2L, 3L), (v.Kind, v.Count, v.Missing, v.Distinct));
        var stats = v.Numeric!;
        Assert.Equal(10, stats.Min);
        Assert.Equal(40, stats.Max);
        Assert.Equal(18, stats.Mean, 12);
        Assert.Equal(Math.Sqrt(170), stats.Std, 12); // sample std: squares 64+4+484+64+64 = 680, / 4
        Assert.Equal(101, stats.Percentiles.Count);
        Assert.Equal(10, stats.Median);
        Assert.Equal(20, stats.Percentiles[75]);
        Assert.Equal(32, stats.Percentiles[90], 9); // linear interpolation between 20 and 40 at 0.6
        Assert.Equal([new ValueCount("10", 3), new ValueCount("20", 1), new ValueCount("40", 1)], v.TopValues);
    }

    [Fact]
    public async Task ProfileAsync_histogram_has_twenty_equal_bins_over_min_max()
    {
        var profile = await _profiler.ProfileAsync(_temp.Write("small.csv", Small));

        var histogram = profile.Find("v")!.Histogram!;
        Assert.Equal(21, histogram.Edges.Count);
        Assert.Equal(10, histogram.Edges[0]);
        Assert.Equal(11.5, histogram.Edges[1], 12);
        Assert.Equal(40, histogram.Edges[20]);
        var expected = new long[20];
        expected[0] = 3;  // 10, 10, 10
        expected[6] = 1;  // 20 falls in [19, 20.5)
        expected[19] = 1; // the maximum closes the last bin
        Assert.Equal(expected, histogram.Counts);
    }

    [Fact]
    public async Task ProfileAsync_boolean_column_has_stats_and_true_false_top_values()
    {
        var profile = await _profiler.ProfileAsync(_temp.Write("small.csv", Small));

        var f = profile.Find("f")!;
        Assert.Equal(ColumnKind.Boolean, f.Kind);
        Assert.Equal(6.0 / 7, f.Numeric!.Mean, 12);
        Assert.Equal([new ValueCount("true", 6), new ValueCount("false", 1)], f.TopValues);
        Assert.Null(f.Histogram);
    }

    [Fact]
    public async Task ProfileAsync_datetime_column_is_profiled_in_unix_seconds()
    {
        var path = _temp.Write("days.csv", "day\n2020-01-01\n2020-01-03\n\n");

        var day = (await _profiler.ProfileAsync(path)).Find("day")!;

        Assert.Equal(ColumnKind.DateTime, day.Kind);
        Assert.Equal((2L, 1L), (day.Count, day.Missing));
        Assert.Equal(1577836800, day.Numeric!.Min);
        Assert.Equal(1577836800 + 2 * 86400, day.Numeric.Max);
        Assert.Equal(1577836800 + 86400, day.Numeric.Median);
        Assert.Equal([new ValueCount("2020-01-01T00:00:00", 1), new ValueCount("2020-01-03T00:00:00", 1)], day.TopValues);
        Assert.Equal(2, day.Histogram!.Counts.Sum());
    }

    [Fact]
    public async Task ProfileAsync_single_valued_numeric_column_gets_one_bin_and_is_constant()
    {
        var path = _temp.Write("same.csv", "a,b\n5,1\n5,2\n");

        var profile = await _profiler.ProfileAsync(path);

        var a = profile.Find("a")!;
        Assert.Equal([5.0, 5.0], a.Histogram!.Edges);
        Assert.Equal([2L], a.Histogram.Counts);
        Assert.Equal(0, a.Numeric!.Std);
        Assert.Equal(["a"], profile.ConstantColumns);
    }

    [Fact]
    public async Task ProfileAsync_high_cardinality_numeric_column_has_no_top_values_and_strings_keep_fifty()
    {
        var rows = Enumerable.Range(0, 120).Select(i => $"{i},s{i % 60}");
        var path = _temp.Write("wide.csv", "n,s\n" + string.Join("\n", rows) + "\n");

        var profile = await _profiler.ProfileAsync(path);

        Assert.Empty(profile.Find("n")!.TopValues);
        var s = profile.Find("s")!;
        Assert.Equal(60, s.Distinct);
        Assert.Equal(50, s.TopValues.Count);
        Assert.All(s.TopValues, t => Assert.Equal(2, t.Count));
        Assert.Equal("s0", s.TopValues[0].Value); // ties ordered by value
    }

    [Fact]
    public async Task ProfileAsync_respects_declared_types()
    {
        var path = _temp.Write("codes.csv", "code\n1\n0\n1\n");

        var profile = await _profiler.ProfileAsync(path, new TableReadOptions { Types = new Dictionary<string, ColumnKind> { ["code"] = ColumnKind.Categorical } });

        var code = profile.Find("code")!;
        Assert.Equal(ColumnKind.Categorical, code.Kind);
        Assert.Null(code.Numeric);
        Assert.Equal([new ValueCount("1", 2), new ValueCount("0", 1)], code.TopValues);
    }

    [Fact]
    public async Task ProfileAsync_fingerprint_is_the_file_hash()
    {
        var path = _temp.Write("small.csv", Small);

        var profile = await _profiler.ProfileAsync(path);

        Assert.Equal(await DataFingerprint.ComputeAsync(path), profile.Fingerprint);
    }

    [Fact]
    public async Task ProfileAsync_fingerprintOff_hasNoFingerprintAndTheSameStatistics()
    {
        var path = _temp.Write("small.csv", Small);

        var with = await _profiler.ProfileAsync(path);
        var without = await _profiler.ProfileAsync(path, null, new ProfileOptions { Fingerprint = false });

        Assert.Null(without.Fingerprint);
        Assert.Equal(with.Columns.Select(c => (c.Name, c.Count, c.Missing, c.Distinct, c.Numeric?.Mean)),
            without.Columns.Select(c => (c.Name, c.Count, c.Missing, c.Distinct, c.Numeric?.Mean)));
    }

    [Fact]
    public async Task ProfileAsync_bad_input_is_reported_like_the_reader_does()
    {
        var path = _temp.Write("ragged.csv", "a,b\n1,2\n3\n");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _profiler.ProfileAsync(path));

        Assert.Contains("line 3 has 1 field but the header has 2", error.Message);
    }
}
