using System.Globalization;
using System.Text;
using MLCycle.Data;
using MLCycle.Profiling;
using MLCycle.Profiling.Scanning;
using MLCycle.Tests.Data;

namespace MLCycle.Tests.Profiling.Scanning;

public sealed class CsvScanTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private const string Quoted = """"
        name,note,n
        "Smith, Anna","said ""hi""",1
        Bob,"two
        lines",2
        "",plain,
        Bob,plain,4

        """";

    [Fact]
    public async Task ProfileAsync_quoted_fields_read_like_duckdb_reads_them()
    {
        // .csv goes through MLCycle's reader; the same text as .txt is read by DuckDB (its sniffer finds the comma).
        var fast = await new DatasetProfiler().ProfileAsync(_temp.Write("q.csv", Quoted));
        var duck = await new DatasetProfiler().ProfileAsync(_temp.Write("q.txt", Quoted));

        Assert.Equal(4, fast.Rows);
        Assert.Equal(duck.Rows, fast.Rows);
        foreach (var column in duck.Columns)
        {
            var mine = fast.Find(column.Name)!;
            Assert.Equal((column.Kind, column.Count, column.Missing, column.Distinct), (mine.Kind, mine.Count, mine.Missing, mine.Distinct));
            Assert.Equal(column.TopValues, mine.TopValues);
        }
        Assert.Contains(new ValueCount("said \"hi\"", 1), fast.Find("note")!.TopValues);
        Assert.Contains(new ValueCount("two\nlines", 1), fast.Find("note")!.TopValues);
        Assert.Equal(1, fast.Find("name")!.Missing);
    }

    [Fact]
    public async Task ProfileAsync_non_ascii_text_reads_like_duckdb_reads_it()
    {
        const string text = "city,n\nZürich,1\n日本,2\nZürich,3\nMálaga,4\n";
        var fast = await new DatasetProfiler().ProfileAsync(_temp.Write("utf8.csv", text));
        var duck = await new DatasetProfiler().ProfileAsync(_temp.Write("utf8.txt", text));

        Assert.Equal(duck.Find("city")!.TopValues, fast.Find("city")!.TopValues);
        Assert.Equal(new ValueCount("Zürich", 2), fast.Find("city")!.TopValues[0]);
    }

    [Fact]
    public async Task ProfileAsync_folder_and_glob_of_csv_files_profile_every_row_without_a_fingerprint()
    {
        _temp.Write("part1.csv", "a,b\n1,x\n2,y\n");
        _temp.Write("part2.csv", "a,b\n3,z\n");
        var file = await new DatasetProfiler().ProfileAsync(_temp.Path("part1.csv"));

        var folder = await new DatasetProfiler().ProfileAsync(_temp.FullPath);
        var glob = await new DatasetProfiler().ProfileAsync(_temp.Path("part*.csv"));

        Assert.Equal(64, file.Fingerprint!.Length);
        Assert.Equal((3L, (string?)null), (folder.Rows, folder.Fingerprint));
        Assert.Equal((3L, (string?)null), (glob.Rows, glob.Fingerprint));
    }

    [Fact]
    public void Scan_on_one_or_three_chunks_gives_the_same_rows_sample_and_counts()
    {
        var path = WriteNumbers("big.csv", 70_000);
        var one = FirstPass(path, 1);
        var three = FirstPass(path, 3);

        Assert.Equal(70_000, one.Rows);
        Assert.Equal(one.Rows, three.Rows);
        Assert.Equal(one.DuplicateRows, three.DuplicateRows);
        Assert.Equal(5_000, one.Sample.Count);
        Assert.Equal(Enumerable.Range(0, one.Sample.Count).Select(i => (one.Sample.Rows[i], one.Sample.Number(i, 0), one.Sample.Text(i, 1))),
            Enumerable.Range(0, three.Sample.Count).Select(i => (three.Sample.Rows[i], three.Sample.Number(i, 0), three.Sample.Text(i, 1))));
        Assert.Equal(one.Columns[0].Moments.Mean, three.Columns[0].Moments.Mean, 9);
        Assert.Equal(one.Columns[1].Texts.ToDictionary(p => p.Key, p => p.Value.Count), three.Columns[1].Texts.ToDictionary(p => p.Key, p => p.Value.Count));
        Assert.Equal(one.Columns[1].Texts["k3"].Rows.Items.Select(i => i.Row), three.Columns[1].Texts["k3"].Rows.Items.Select(i => i.Row));
    }

    [Fact]
    public void Scan_split_inside_a_quoted_line_break_is_detected_and_the_file_read_whole()
    {
        // A quoted field of many short lines straddles the middle of the file, where a two-chunk split would start.
        var text = new StringBuilder("x,note\n");
        for (var i = 0; i < 30_000; i++) text.Append(CultureInfo.InvariantCulture, $"{i},plain text padding padding padding padding padding padding padding padding padding\n");
        text.Append("-1,\"").Append(string.Concat(Enumerable.Repeat("inside\n", 300_000))).Append("\"\n");
        for (var i = 0; i < 30_000; i++) text.Append(CultureInfo.InvariantCulture, $"{i},plain text padding padding padding padding padding padding padding padding padding\n");
        var path = _temp.Write("straddle.csv", text.ToString());
        var columns = new[] { new ColumnInfo("x", ColumnKind.Numeric, "BIGINT"), new ColumnInfo("note", ColumnKind.Categorical, "VARCHAR") };

        using var feed = new CsvFeed(path, ',', '"', header: true, columns, chunks: 2);
        Assert.Equal(2, feed.Chunks);
        var plan = ScanPlan.For(columns, new ProfileOptions());
        Assert.Throws<CsvScanAnomaly>(() => feed.Scan([new ProfileScanWorker(plan), new ProfileScanWorker(plan)], default));

        feed.UseOneChunk();
        var rows = feed.Scan([new ProfileScanWorker(plan)], default);
        Assert.Equal([60_001L], rows);
    }

    [Fact]
    public async Task ProfileAsync_file_split_inside_a_quoted_field_counts_every_row()
    {
        var text = new StringBuilder("x,note\n");
        for (var i = 0; i < 40_000; i++) text.Append(CultureInfo.InvariantCulture, $"{i},\"a, b\nand c {i % 7}\"\n");
        var profile = await new DatasetProfiler().ProfileAsync(_temp.Write("multiline.csv", text.ToString()));

        Assert.Equal(40_000, profile.Rows);
        Assert.Equal(7, profile.Find("note")!.Distinct);
    }

    [Fact]
    public async Task ProfileAsync_text_past_the_sniffed_rows_of_a_numeric_column_is_reported_not_fatal()
    {
        // DuckDB's sniffer reads the first ~20,000 rows and calls the column numeric; row 25,000 holds a word.
        var lines = Enumerable.Range(1, 30_000).Select(i => i == 25_000 ? "oops" : (i % 100).ToString(CultureInfo.InvariantCulture));
        var path = _temp.Write("late.csv", "n\n" + string.Join("\n", lines) + "\n");

        var profile = await new DatasetProfiler().ProfileAsync(path);

        var n = profile.Find("n")!;
        Assert.Equal(ColumnKind.Numeric, n.Kind);
        Assert.Equal(29_999, n.Count);
        var issue = Assert.Single(profile.Issues, i => i.Kind == DataIssueKinds.MixedTypes);
        Assert.Equal(("n", 1L), (issue.Column, issue.Count));
        Assert.Equal(new IssueExample(25_000, "oops"), Assert.Single(issue.Examples));
    }

    [Fact]
    public async Task ProfileAsync_mostly_numeric_text_column_is_profiled_with_its_mixed_types()
    {
        // Reading this table for training stops at the word; profiling it lists the problem instead.
        var lines = Enumerable.Range(1, 40).Select(i => i == 7 ? "12a" : i.ToString(CultureInfo.InvariantCulture));
        var path = _temp.Write("typo.csv", "n\n" + string.Join("\n", lines) + "\n");

        var profile = await new DatasetProfiler().ProfileAsync(path);

        var issue = Assert.Single(profile.Issues, i => i.Kind == DataIssueKinds.MixedTypes);
        Assert.Equal(1, issue.Count);
        Assert.Equal(new IssueExample(7, "12a"), Assert.Single(issue.Examples));
        Assert.Equal(39, issue.Details!["numbers"]);
    }

    [Fact]
    public async Task ProfileAsync_ragged_row_in_a_large_file_names_its_line()
    {
        var lines = Enumerable.Range(1, 50_000).Select(i => i == 45_000 ? $"{i},x,extra" : $"{i},x");
        var path = _temp.Write("ragged.csv", "a,b\n" + string.Join("\n", lines) + "\n");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => new DatasetProfiler().ProfileAsync(path));

        Assert.Contains("line 45001", error.Message);
    }

    [Fact]
    public void SampleBarFor_lets_in_about_one_and_a_half_samples_of_a_large_table_and_everything_of_a_small_one()
    {
        var plan = ScanPlan.For([new ColumnInfo("x", ColumnKind.Numeric, "DOUBLE")], new ProfileOptions());

        Assert.Equal(0.15, plan.SampleBarFor(1_000_000) / (double)ulong.MaxValue, 6);
        Assert.Equal(ulong.MaxValue, plan.SampleBarFor(400_000));
        Assert.Equal(ulong.MaxValue, plan.SampleBarFor(null));
    }

    [Fact]
    public async Task ProfileAsync_reports_its_stages_in_order()
    {
        var stages = new List<string>();
        var path = _temp.Write("stages.csv", "a,b\n1,x\n2,y\n");

        await new DatasetProfiler().ProfileAsync(path, null, new ProfileOptions { Progress = new Collect(stages) });

        Assert.Equal(4, stages.Count);
        Assert.StartsWith("Reading", stages[0]);
        Assert.Contains("pass 2 of 2", stages[2]);
    }

    private sealed class Collect(List<string> stages) : IProgress<string>
    {
        public void Report(string value) => stages.Add(value);
    }

    private string WriteNumbers(string name, int rows)
    {
        var random = new Random(3);
        var text = new StringBuilder("x,k,y\n");
        for (var i = 0; i < rows; i++)
            text.Append(CultureInfo.InvariantCulture, $"{random.Next(1000) / 10.0},k{random.Next(9)},padding padding padding padding padding padding padding\n");
        return _temp.Write(name, text.ToString());
    }

    private static FirstPassResult FirstPass(string path, int chunks)
    {
        var columns = new[] { new ColumnInfo("x", ColumnKind.Numeric, "DOUBLE"), new ColumnInfo("k", ColumnKind.Categorical, "VARCHAR"), new ColumnInfo("y", ColumnKind.Categorical, "VARCHAR") };
        using var feed = new CsvFeed(path, ',', '"', header: true, columns, chunks);
        Assert.Equal(chunks, feed.Chunks);
        var plan = ScanPlan.For(columns, new ProfileOptions()) with { SampleRows = 5_000 };
        var workers = Enumerable.Range(0, chunks).Select(_ => new ProfileScanWorker(plan)).ToList();
        return FirstPassResult.Merge(workers, feed.Scan(workers, default));
    }
}
