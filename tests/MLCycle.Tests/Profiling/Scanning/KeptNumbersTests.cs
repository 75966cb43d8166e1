using System.Globalization;
using System.Text;
using MLCycle.Profiling;
using MLCycle.Profiling.Scanning;
using MLCycle.Tests.Data;

namespace MLCycle.Tests.Profiling.Scanning;

public sealed class KeptNumbersTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void SecondPass_numbersWithinBudget_readsThemAndBinsAsTheFileDoes()
    {
        var path = Csv("kept.csv", 120_000);

        var (keptBins, keptOutliers, kept) = Passes(path, keepBytes: null);
        var (fileBins, fileOutliers, streamed) = Passes(path, keepBytes: 0);

        Assert.True(kept);
        Assert.False(streamed);
        Assert.Equal(fileBins, keptBins);
        Assert.Equal(fileOutliers.Count, keptOutliers.Count);
        Assert.Equal(fileOutliers.First, keptOutliers.First);
        Assert.Equal(120_000 - 1_200 - 200, keptBins.Sum());   // every number binned once: the missing and the text left out
        Assert.InRange(keptOutliers.Count, 1_000, 50_000);
    }

    [Fact]
    public void SecondPass_numbersPastBudget_streamsTheFile()
    {
        // A file larger than the memory given to keeping numbers is read twice, as one larger than memory is (docs/adr/0007).
        var path = Csv("big.csv", 120_000);

        var (_, _, kept) = Passes(path, keepBytes: 100_000 * sizeof(double));

        Assert.False(kept);
    }

    [Fact]
    public void BeginRow_pastBudget_letsEverythingGo()
    {
        var numbers = new KeptNumbers([true, false], maxValues: 70_000);
        for (var row = 0; row < 65_536; row++)
        {
            numbers.BeginRow();
            numbers.Set(0, row);
            numbers.Set(1, row);
        }
        Assert.True(numbers.Keeps(0));
        Assert.False(numbers.Keeps(1));
        Assert.Equal(65_535, numbers.Blocks(0).Single().Span[^1]);

        numbers.BeginRow();   // a second block would pass 70,000 values

        Assert.True(numbers.Abandoned);
        Assert.False(numbers.Keeps(0));
    }

    [Theory]
    [InlineData(0)]           // rows unknown: an array per column and stretch
    [InlineData(1_000_000)]   // both stretches expected full: 64 columns' blocks share an array on huge pages, then the other 6
    public void Blocks_manyColumnsOverTwoStretches_giveEachColumnItsOwnValuesInRowOrder(long expectedRows)
    {
        const int columns = 70, rows = 65_536 + 1_000;
        var numbers = new KeptNumbers(Enumerable.Repeat(true, columns).ToList(), maxValues: long.MaxValue, expectedRows);
        for (var row = 0; row < rows; row++)
        {
            numbers.BeginRow();
            for (var c = 0; c < columns; c++) numbers.Set(c, row * 100.0 + c);
        }

        for (var c = 0; c < columns; c++)
        {
            var values = numbers.Blocks(c).SelectMany(b => b.ToArray()).ToList();
            Assert.Equal(rows, values.Count);
            Assert.Equal(Enumerable.Range(0, rows).Select(row => row * 100.0 + c), values);
        }
    }

    // x: numbers with 1% missing, and text in 1% of the rows past DuckDB's type sniff; over 4 MB, so it reads in two chunks.
    private string Csv(string name, int rows)
    {
        var random = new Random(11);
        var text = new StringBuilder("x,k,pad\n");
        for (var i = 0; i < rows; i++)
        {
            var x = (i % 100) switch { 0 => "", 50 when i > 100_000 => "n/a", _ => (random.NextDouble() * random.NextDouble() * 1000).ToString("0.###", CultureInfo.InvariantCulture) };
            text.Append(CultureInfo.InvariantCulture, $"{x},k{random.Next(5)},padding padding padding\n");
        }
        return _temp.Write(name, text.ToString());
    }

    private static (long[] Bins, (long Count, List<(long, object?)> First) Outliers, bool Kept) Passes(string path, long? keepBytes)
    {
        using var scanner = ProfileScanner.Open(path, null, keepBytes);
        var first = scanner.FirstPass(columns => ScanPlan.For(columns, new ProfileOptions()), default);
        var x = first.Columns[0].Moments;
        var plan = new SecondPassPlan(scanner.Columns.Count, first.Keys);
        plan.AddHistogram(0, x.Min, x.Max, 20);
        var outliers = plan.AddProbe(0, v => v > 600);
        var result = SecondPassResult.Collect(plan, scanner.SecondPass(plan, default), first.Numbering);
        return (result.Bins[0]!, (outliers.Count, outliers.Rows.Items.ToList()), scanner.SecondPassReadKeptNumbers);
    }
}
