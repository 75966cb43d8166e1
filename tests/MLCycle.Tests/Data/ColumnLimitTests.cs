using System.Diagnostics;
using System.Text;
using MLCycle.Data;
using MLCycle.Profiling;
using MLCycle.Validation;

namespace MLCycle.Tests.Data;

/// <summary>Sources wider than <see cref="TableReadOptions.MaxColumns"/> are refused before their rows are read, on every reading path.</summary>
public sealed class ColumnLimitTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ReadAsync_hundredThousandColumns_refusedInSecondsNamingFileCountAndLimit()
    {
        var path = WriteWide("wide.csv", 100_000, rows: 3);

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<MLCycleException>(() => new TableReader().ReadAsync(path));
        clock.Stop();

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains($"'{path}' has 100,000 columns, more than the limit of 4,096", error.Message);
        Assert.Contains("--max-columns", error.Message);
        Assert.Contains("data.max_columns", error.Message);
        // DuckDB's sniffer takes minutes on this header; counting its fields takes milliseconds (the bound allows for a busy machine).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task ProfileAsync_hundredThousandColumns_refusedInSeconds()
    {
        var path = WriteWide("wide.csv", 100_000, rows: 3);

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<MLCycleException>(() => new DatasetProfiler().ProfileAsync(path));
        clock.Stop();

        Assert.Contains("has 100,000 columns, more than the limit of 4,096", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task ReadAsync_widthAtTheLimit_reads()
    {
        var path = WriteWide("ten.csv", 10, rows: 2);

        var table = await new TableReader().ReadAsync(path, new TableReadOptions { MaxColumns = 10 });

        Assert.Equal(10, table.Columns.Count);
        Assert.Equal(2, table.RowCount);
    }

    [Fact]
    public async Task ReadAsync_oneColumnOverALoweredLimit_refused()
    {
        var path = WriteWide("eleven.csv", 11, rows: 2);

        var error = await Assert.ThrowsAsync<MLCycleException>(() => new TableReader().ReadAsync(path, new TableReadOptions { MaxColumns = 10 }));

        Assert.Contains("has 11 columns, more than the limit of 10", error.Message);
    }

    [Fact]
    public async Task ReadAsync_quotedDelimiterAndLineBreakInHeader_countedAsOneField()
    {
        var path = _temp.Write("quoted.csv", "\"a,b\",\"c\nd\",\"e\"\"f\"\n1,2,3\n");

        // Three fields, within the limit of 3; the header check then refuses the line break in the second (CsvHeaderCheckTests).
        var error = await Assert.ThrowsAsync<MLCycleException>(() => new TableReader().ReadAsync(path, new TableReadOptions { MaxColumns = 3 }));

        Assert.Contains("header: column 2 is named 'c\\u000ad'", error.Message);
    }

    [Fact]
    public async Task ReadAsync_parquetWiderThanLimit_refusedByDescribe()
    {
        var path = _temp.WriteParquet("wide.parquet", "SELECT 1 AS a, 2 AS b, 3 AS c, 4 AS d");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => new TableReader().ReadAsync(path, new TableReadOptions { MaxColumns = 3 }));

        Assert.Contains("has 4 columns, more than the limit of 3", error.Message);
    }

    [Fact]
    public async Task ValidateAsync_widerThanLimit_refused()
    {
        var path = WriteWide("five.csv", 5, rows: 2);
        var suite = new ExpectationSuite();

        var error = await Assert.ThrowsAsync<MLCycleException>(() =>
            new DataValidator().ValidateAsync(path, suite, null, new TableReadOptions { MaxColumns = 4 }));

        Assert.Contains("has 5 columns, more than the limit of 4", error.Message);
    }

    [Fact]
    public async Task UnionAsync_sourceWiderThanLimit_refused()
    {
        var narrow = WriteWide("narrow.csv", 2, rows: 2);
        var wide = WriteWide("wide.csv", 6, rows: 2);
        var options = new TableReadOptions { MaxColumns = 5 };

        var error = await Assert.ThrowsAsync<MLCycleException>(() =>
            new SourceCombiner().UnionAsync([new SourceSpec(narrow, options), new SourceSpec(wide, options)]));

        Assert.Contains($"'{wide}' has 6 columns, more than the limit of 5", error.Message);
    }

    private string WriteWide(string name, int columns, int rows)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', Enumerable.Range(0, columns).Select(c => $"c{c}")).Append('\n');
        for (var r = 0; r < rows; r++) text.AppendJoin(',', Enumerable.Range(0, columns).Select(c => (r + c) % 7)).Append('\n');
        return _temp.Write(name, text.ToString());
    }
}
