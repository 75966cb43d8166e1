using System.Collections;
using System.Globalization;
using MLCycle.Data;
using MLCycle.Profiling;
using MLCycle.Tests.Data;

namespace MLCycle.Tests.Profiling;

public sealed class ExactPercentileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Percentiles_equal_duckdb_quantile_cont_on_data_with_ties_and_missing_values()
    {
        var random = new Random(1);
        var lines = Enumerable.Range(0, 1001).Select(_ => random.Next(10) == 0 ? "" : (random.Next(300) / 4.0).ToString(CultureInfo.InvariantCulture));
        var path = _temp.Write("values.csv", "x\n" + string.Join("\n", lines) + "\n");

        var profile = await new DatasetProfiler().ProfileAsync(path);

        using var session = DuckDbSession.Open();
        var levels = "[" + string.Join(", ", Enumerable.Range(0, 101).Select(i => (i / 100.0).ToString("0.00", CultureInfo.InvariantCulture))) + "]";
        using var reader = session.Query(
            $"SELECT quantile_cont(x, {levels}), count(DISTINCT x) FROM read_csv({SqlText.Literal(path)}, header=true, columns={{'x': 'DOUBLE'}})");
        reader.Read();
        var expected = ((IList)reader.GetValue(0)).Cast<object>().Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture)).ToList();
        var x = profile.Find("x")!;
        Assert.Equal(reader.GetInt64(1), x.Distinct);
        Assert.Equal(101, x.Numeric!.Percentiles.Count);
        for (var i = 0; i <= 100; i++) Assert.Equal(expected[i], x.Numeric.Percentiles[i], 9);
    }
}
