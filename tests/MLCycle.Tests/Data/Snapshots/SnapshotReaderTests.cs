using MLCycle.Data;
using MLCycle.Data.Snapshots;

namespace MLCycle.Tests.Data.Snapshots;

/// <summary>
/// A snapshot is read once, through a pipe, yet must hold exactly what <see cref="TableReader"/> reads from the path,
/// with the file's SHA-256; bad files must fail with the same messages.
/// </summary>
public sealed class SnapshotReaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("examples/telco-churn/telco_churn.csv")]
    [InlineData("examples/ames-housing/ames_housing.csv")]
    [InlineData("examples/penguins/penguins.csv")]
    [InlineData("tests/data/seattle_weather.csv")]
    [InlineData("tests/data/german_credit.csv")]
    public async Task ReadAsync_real_csv_equals_the_table_reader_and_the_file_fingerprint(string file)
    {
        var path = RepoFiles.Path(file.Split('/'));

        var snapshot = await SnapshotReader.ReadAsync(path, new TableReadOptions());

        AssertSameTable(await new TableReader().ReadAsync(path), snapshot.Table);
        Assert.Equal(await DataFingerprint.ComputeAsync(path), snapshot.Fingerprint);
        Assert.Equal(path, snapshot.Name);
    }

    // DuckDB 1.5 reads no rows at all from a CRLF file when the sniffer's new_line is passed back with strict_mode.
    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    [InlineData("\n")]
    public async Task ReadAsync_any_line_ending_reads_every_row_as_the_table_reader_does(string newLine)
    {
        var rows = Enumerable.Range(0, 30).Select(i => $"{i},\"x{newLine}{i % 7}\",{i % 2}");
        var path = _temp.Write("lines.csv", string.Join(newLine, rows.Prepend("a,b,y")) + newLine);

        var snapshot = await SnapshotReader.ReadAsync(path, new TableReadOptions());

        Assert.Equal(30, snapshot.Table.RowCount);
        AssertSameTable(await new TableReader().ReadAsync(path), snapshot.Table);
    }

    [Fact]
    public async Task ReadAsync_refine_reads_a_sniffed_boolean_as_the_text_in_the_file()
    {
        var path = _temp.Write("answers.csv", "id,answer,score\n1,Yes,0.5\n2,No,1.5\n3,yes,2\n");

        var seen = new List<ColumnKind>();

        var snapshot = await SnapshotReader.ReadAsync(path, new TableReadOptions(), schema =>
        {
            seen.Add(schema.Single(c => c.Name == "answer").Kind);
            return new Dictionary<string, ColumnKind> { ["answer"] = ColumnKind.Categorical };
        });

        Assert.Equal(ColumnKind.Boolean, seen[0]);   // the sniffer's kind, as TargetAsWritten needs it

        Assert.Equal(new string?[] { "Yes", "No", "yes" }, snapshot.Table["answer"].Strings);
        Assert.Equal(new[] { 0.5, 1.5, 2 }, snapshot.Table["score"].Numbers);
    }

    [Fact]
    public async Task ReadAsync_declared_kinds_apply_in_the_same_read()
    {
        var path = _temp.Write("codes.csv", "zip,n\n007,1\n010,2\n");

        var snapshot = await SnapshotReader.ReadAsync(path, new TableReadOptions { Types = new Dictionary<string, ColumnKind> { ["zip"] = ColumnKind.Categorical } });

        Assert.Equal(new string?[] { "007", "010" }, snapshot.Table["zip"].Strings);
        Assert.Equal(ColumnKind.Numeric, snapshot.Table["n"].Kind);
    }

    [Theory]
    [InlineData("a,b\n1,2\n3,4,5\n6,7\n")]
    [InlineData("a,b\n1,1\n2,2\n3,3\n4,4\n5,5\n6,6\n7,7\n8,8\n9,9\n10,10\n11,x\n")]
    [InlineData("a,b\n")]
    public async Task ReadAsync_bad_file_fails_with_the_table_readers_message(string content)
    {
        var path = _temp.Write("bad.csv", content);

        var expected = await Assert.ThrowsAsync<MLCycleException>(() => new TableReader().ReadAsync(path));
        var actual = await Assert.ThrowsAsync<MLCycleException>(() => SnapshotReader.ReadAsync(path, new TableReadOptions()));

        Assert.Equal(expected.Message, actual.Message);
    }

    [Fact]
    public async Task ReadAsync_parquet_is_read_through_duckdb_with_the_file_fingerprint()
    {
        var path = _temp.WriteParquet("n.parquet", "SELECT range AS id, range % 3 AS g FROM range(100)");

        var snapshot = await SnapshotReader.ReadAsync(path, new TableReadOptions());

        AssertSameTable(await new TableReader().ReadAsync(path), snapshot.Table);
        Assert.Equal(await DataFingerprint.ComputeAsync(path), snapshot.Fingerprint);
    }

    private static void AssertSameTable(Table expected, Table actual)
    {
        Assert.Equal(expected.Schema, actual.Schema);
        Assert.Equal(expected.RowCount, actual.RowCount);
        foreach (var column in expected.Columns)
        {
            Assert.Equal(column.Numbers, actual[column.Name].Numbers);
            Assert.Equal(column.Strings, actual[column.Name].Strings);
        }
    }
}
