using MLCycle.Data;

namespace MLCycle.Tests.Data;

public sealed class TableReaderBadInputTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly TableReader _reader = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ReadAsync_missing_file_names_the_path()
    {
        var path = _temp.Path("nope.csv");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.ReadAsync(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public async Task ReadAsync_link_to_a_pipe_is_refused_without_waiting_for_a_writer()
    {
        var fifo = _temp.Path("pipe");
        System.Diagnostics.Process.Start("mkfifo", fifo).WaitForExit();
        var path = _temp.Path("data.csv");
        File.CreateSymbolicLink(path, fifo);

        foreach (var read in new Func<Task>[] { () => _reader.ReadAsync(path), () => MLCycle.Data.Snapshots.SnapshotReader.ReadAsync(path, new TableReadOptions()) })
        {
            var error = await Assert.ThrowsAsync<MLCycleException>(() => Task.Run(read).WaitAsync(TimeSpan.FromSeconds(30)));

            Assert.Equal(ErrorKind.BadData, error.Kind);
            Assert.Contains(path, error.Message);
        }
    }

    [Fact]
    public async Task ReadAsync_unsupported_extension_names_file_and_supported_extensions()
    {
        var path = _temp.Write("data.xlsx", "a\n1\n");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.ReadAsync(path));

        Assert.Contains(path, error.Message);
        Assert.Contains(".csv", error.Message);
        Assert.Contains(".parquet", error.Message);
    }

    [Fact]
    public async Task ReadAsync_zero_byte_file_is_empty()
    {
        var path = _temp.Write("empty.csv", "");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.ReadAsync(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public async Task ReadAsync_header_only_has_no_rows()
    {
        var path = _temp.Write("header.csv", "a,b\n");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.ReadAsync(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("no rows", error.Message);
    }

    [Fact]
    public async Task InferSchemaAsync_header_only_has_no_rows_even_as_text()
    {
        var path = _temp.Write("header.csv", "a,b\n");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.InferSchemaAsync(path, new TableReadOptions { AllText = true }));

        Assert.Contains("no rows", error.Message);
    }

    [Theory]
    [InlineData("a,b\n1,x\n2,y,3\n4,z\n", "line 3 has 3 fields but the header has 2")]
    [InlineData("a,b\n1,x\n2,y\n4\n5,w\n", "line 4 has 1 field but the header has 2")]
    [InlineData("a,b\n1,\"x,\ny\"\n2,y\n3,z,9\n", "line 5 has 3 fields but the header has 2")]
    public async Task ReadAsync_ragged_row_in_small_file_names_the_line(string content, string expected)
    {
        var path = _temp.Write("ragged.csv", content);

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.ReadAsync(path));

        Assert.Contains(path, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task ReadAsync_ragged_row_beyond_the_sniffer_sample_names_the_line()
    {
        var rows = Enumerable.Range(0, 30_000).Select(i => i == 25_000 ? $"{i},1,2" : $"{i},{i * 0.5}");
        var path = _temp.Write("ragged-late.csv", "id,v\n" + string.Join("\n", rows) + "\n");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.ReadAsync(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("line 25002 has 3 fields but the header has 2", error.Message);
    }

    [Fact]
    public async Task ReadAsync_text_in_mostly_numeric_column_names_column_row_and_value()
    {
        var rows = Enumerable.Range(0, 200).Select(i => i == 57 ? $"{i},n/a" : $"{i},{i * 0.5}");
        var path = _temp.Write("few-bad.csv", "id,v\n" + string.Join("\n", rows) + "\n");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.ReadAsync(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("column 'v'", error.Message);
        Assert.Contains("data row 58", error.Message);
        Assert.Contains("'n/a'", error.Message);
        Assert.Contains("data.types", error.Message);
    }

    [Fact]
    public async Task InferSchemaAsync_text_in_mostly_numeric_column_is_an_error_too()
    {
        var rows = Enumerable.Range(0, 50).Select(i => i == 3 ? "?" : i.ToString());
        var path = _temp.Write("few-bad.csv", "v\n" + string.Join("\n", rows) + "\n");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.InferSchemaAsync(path));

        Assert.Contains("data row 4 holds '?'", error.Message);
    }

    [Fact]
    public async Task ReadAsync_declaring_the_mostly_numeric_column_categorical_reads_it()
    {
        var rows = Enumerable.Range(0, 50).Select(i => i == 3 ? "?" : i.ToString());
        var path = _temp.Write("few-bad.csv", "v\n" + string.Join("\n", rows) + "\n");

        var table = await _reader.ReadAsync(path, new TableReadOptions { Types = new Dictionary<string, ColumnKind> { ["v"] = ColumnKind.Categorical } });

        Assert.Equal("?", table["v"].Strings![3]);
        Assert.Equal("49", table["v"].Strings![49]);
    }

    [Fact]
    public async Task ReadAsync_text_after_the_sniffer_sample_names_column_row_and_value()
    {
        var rows = Enumerable.Range(0, 30_000).Select(i => i == 25_000 ? $"{i},abc" : $"{i},{i * 0.5}");
        var path = _temp.Write("late-bad.csv", "id,v\n" + string.Join("\n", rows) + "\n");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.ReadAsync(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("column 'v'", error.Message);
        Assert.Contains("data row 25001", error.Message);
        Assert.Contains("'abc'", error.Message);
        Assert.Contains("data.types", error.Message);
    }

    [Fact]
    public async Task ReadAsync_unclosed_quote_names_the_line()
    {
        var path = _temp.Write("quote.csv", "a,b\n1,x\n2,\"y\n3,z\n");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.ReadAsync(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("line 3", error.Message);
        Assert.Contains("closing quote", error.Message);
    }

    [Fact]
    public async Task ReadAsync_invalid_utf8_names_the_line_and_the_encoding()
    {
        var path = _temp.Path("latin1.csv");
        File.WriteAllBytes(path, [.. "a,b\n1,x\n2,"u8, 0xFF, 0xFE, (byte)'\n']);

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.ReadAsync(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("line 3", error.Message);
        Assert.Contains("utf-8", error.Message);
    }

    [Fact]
    public async Task ReadAsync_broken_parquet_names_the_file()
    {
        var path = _temp.Write("broken.parquet", "this is not parquet at all");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.ReadAsync(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("Parquet", error.Message);
    }

    [Fact]
    public async Task ReadAsync_truncated_parquet_names_the_file()
    {
        var good = _temp.WriteParquet("good.parquet", "SELECT range AS id, 'x' || range AS s FROM range(1000)");
        var bytes = File.ReadAllBytes(good);
        var path = _temp.Path("truncated.parquet");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.ReadAsync(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("Parquet", error.Message);
    }
}
