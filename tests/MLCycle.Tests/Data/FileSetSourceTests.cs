using MLCycle.Data;

namespace MLCycle.Tests.Data;

public sealed class FileSetSourceTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly TableReader _reader = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ReadAsync_glob_unions_files_by_column_name_and_names_each_rows_file()
    {
        Directory.CreateDirectory(_temp.Path("logs"));
        var first = _temp.Write("logs/2024-01.csv", "a,b\n1,x\n2,y\n");
        var second = _temp.Write("logs/2024-02.csv", "b,a,c\nz,3,extra\n");
        _temp.Write("logs/notes.md", "not data");

        var table = await _reader.ReadAsync(_temp.Path("logs") + "/*.csv");

        Assert.Equal(3, table.RowCount);
        Assert.Equal([1.0, 2.0, 3.0], table["a"].Numbers!);
        Assert.Equal(["x", "y", "z"], table["b"].Strings!.AsEnumerable());
        Assert.Equal([null, null, "extra"], table["c"].Strings!.AsEnumerable());
        Assert.Equal([first, first, second], table["source_file"].Strings!.AsEnumerable());
    }

    [Fact]
    public async Task ReadAsync_folder_reads_every_data_file_in_name_order()
    {
        Directory.CreateDirectory(_temp.Path("parts"));
        _temp.Write("parts/b.jsonl", "{\"n\": 3}\n");
        _temp.Write("parts/a.jsonl", "{\"n\": 1}\n{\"n\": 2}\n");

        var table = await _reader.ReadAsync(_temp.Path("parts"));

        Assert.Equal([1.0, 2.0, 3.0], table["n"].Numbers!);
    }

    [Fact]
    public async Task ReadAsync_glob_matching_nothing_names_the_pattern()
    {
        var pattern = _temp.Path("nothing-*.csv");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.ReadAsync(pattern));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains(pattern, error.Message);
        Assert.Contains("matches no files", error.Message);
    }

    [Fact]
    public async Task ReadAsync_glob_over_mixed_formats_lists_the_extensions()
    {
        _temp.Write("m1.csv", "a\n1\n");
        _temp.Write("m2.jsonl", "{\"a\": 2}\n");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.ReadAsync(_temp.Path("m*")));

        Assert.Contains(".csv", error.Message);
        Assert.Contains(".jsonl", error.Message);
    }

    [Fact]
    public async Task ReadAsync_file_whose_name_has_brackets_is_read_literally_not_as_a_glob()
    {
        var path = _temp.Write("scores[1].csv", "s\n7\n");
        _temp.Write("scores1.csv", "s\n99\n");

        var table = await _reader.ReadAsync(path);

        Assert.Equal([7.0], table["s"].Numbers!);
        Assert.False(table.Contains("source_file"));
    }
}
