using System.Globalization;
using System.Text;
using MLCycle.Data;
using MLCycle.Profiling;
using MLCycle.Profiling.Scanning;
using MLCycle.Tests.Data;

namespace MLCycle.Tests.Profiling.Scanning;

/// <summary>
/// From <see cref="ProfileScanWorker.BlockedFrom"/> columns on, the first pass adds numbers a block of rows at a time;
/// the same columns profiled from a narrow file (value by value) must come out the same, examples and first rows included.
/// </summary>
public sealed class WideScanTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ProfileAsync_wide_file_profiles_each_column_as_a_narrow_file_does()
    {
        const int rows = 300;   // several blocks and a partial last one
        var random = new Random(5);
        var narrowColumns = new List<string[]>
        {
            // A code-like column with a sentinel, blanks, and texts in a column read as numeric.
            Column(rows, r => r % 37 == 5 ? "n/a" : r % 23 == 0 ? "" : r % 41 == 7 ? "-999" : (r % 4).ToString(CultureInfo.InvariantCulture)),
            Column(rows, _ => Math.Round(random.NextDouble() * 200 - 50, 2).ToString(CultureInfo.InvariantCulture)),
            Column(rows, r => r % 3 == 0 ? "" : random.Next(10).ToString(CultureInfo.InvariantCulture)),
            Column(rows, _ => "v" + random.Next(4)),
        };
        var names = new List<string> { "code", "wide_range", "sparse", "label" };
        var filler = Enumerable.Range(0, ProfileScanWorker.BlockedFrom).Select(_ => Column(rows, _ => random.Next(1000).ToString(CultureInfo.InvariantCulture))).ToList();
        var narrow = Write("narrow.csv", names, narrowColumns);
        var wide = Write("wide.csv", [.. names, .. filler.Select((_, i) => $"f{i}")], [.. narrowColumns, .. filler]);
        var read = new TableReadOptions { Types = new Dictionary<string, ColumnKind> { ["code"] = ColumnKind.Numeric } };

        var expected = await new DatasetProfiler().ProfileAsync(narrow, read, new ProfileOptions());
        var actual = await new DatasetProfiler().ProfileAsync(wide, read, new ProfileOptions());

        Assert.Equal(ColumnKind.Numeric, actual.Find("code")!.Kind);
        foreach (var column in expected.Columns)
        {
            var mine = actual.Find(column.Name)!;
            Assert.Equal((column.Kind, column.Count, column.Missing, column.Distinct), (mine.Kind, mine.Count, mine.Missing, mine.Distinct));
            Assert.Equal(column.Numeric is null, mine.Numeric is null);
            if (column.Numeric is { } stats)
            {
                Assert.Equal((stats.Min, stats.Max, stats.Mean, stats.Std), (mine.Numeric!.Min, mine.Numeric.Max, mine.Numeric.Mean, mine.Numeric.Std));
                Assert.Equal(stats.Percentiles, mine.Numeric.Percentiles);
                Assert.Equal(column.Histogram!.Counts, mine.Histogram!.Counts);
            }
            Assert.Equal(column.TopValues, mine.TopValues);
            var issues = expected.Issues.Where(i => i.Column == column.Name).Select(Show).ToList();
            Assert.Equal(issues, actual.Issues.Where(i => i.Column == column.Name).Select(Show).ToList());
        }
        // The texts in "code" were found, with their rows, among the numbers (rows are 1-based; row r of data is r + 1).
        Assert.Contains(actual.Issues, i => i.Column == "code" && i.Examples.Any(e => e.Value == "n/a" && e.Row == 6));
    }

    private static string Show(DataIssue issue) =>
        $"{issue.Kind} {issue.Count} {issue.Message} [{string.Join("; ", issue.Examples.Select(e => $"{e.Row}={e.Value}"))}]";

    private static string[] Column(int rows, Func<int, string> value) => Enumerable.Range(0, rows).Select(value).ToArray();

    private string Write(string name, IReadOnlyList<string> names, IReadOnlyList<string[]> columns)
    {
        var text = new StringBuilder(string.Join(',', names)).Append('\n');
        for (var r = 0; r < columns[0].Length; r++) text.Append(string.Join(',', columns.Select(c => c[r]))).Append('\n');
        return _temp.Write(name, text.ToString());
    }
}
