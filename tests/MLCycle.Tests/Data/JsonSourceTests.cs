using MLCycle.Data;

namespace MLCycle.Tests.Data;

public sealed class JsonSourceTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly TableReader _reader = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ReadAsync_json_lines_reads_typed_columns_in_order()
    {
        var path = _temp.Write("events.jsonl", "{\"id\":1,\"amount\":2.5,\"city\":\"Oslo\"}\n{\"id\":2,\"amount\":null,\"city\":\"Bergen\"}\n{\"id\":3,\"amount\":4,\"city\":\"Oslo\"}\n");

        var table = await _reader.ReadAsync(path);

        Assert.Equal(["id", "amount", "city"], table.Columns.Select(c => c.Name));
        Assert.Equal(ColumnKind.Numeric, table["amount"].Kind);
        Assert.Equal([1.0, 2.0, 3.0], table["id"].Numbers!);
        Assert.Equal(2.5, table["amount"].Numbers![0]);
        Assert.True(table["amount"].IsMissing(1));
        Assert.Equal(["Oslo", "Bergen", "Oslo"], table["city"].Strings!.AsEnumerable());
    }

    [Fact]
    public async Task ReadAsync_json_array_and_ndjson_give_the_same_table()
    {
        var array = _temp.Write("rows.json", "[{\"x\": 1, \"y\": \"a\"}, {\"x\": 2, \"y\": \"b\"}]");
        var lines = _temp.Write("rows.ndjson", "{\"x\": 1, \"y\": \"a\"}\n{\"x\": 2, \"y\": \"b\"}\n");

        var fromArray = await _reader.ReadAsync(array);
        var fromLines = await _reader.ReadAsync(lines);

        Assert.Equal([1.0, 2.0], fromArray["x"].Numbers!);
        Assert.Equal(fromArray["x"].Numbers!, fromLines["x"].Numbers!);
        Assert.Equal(fromArray["y"].Strings!, fromLines["y"].Strings!.AsEnumerable());
    }

    [Fact]
    public async Task ReadAsync_json_file_with_records_one_per_line_is_read()
    {
        var path = _temp.Write("rows.json", "{\"x\": 1}\n{\"x\": 2}\n{\"x\": 3}\n");

        var table = await _reader.ReadAsync(path);

        Assert.Equal([1.0, 2.0, 3.0], table["x"].Numbers!);
    }

    [Fact]
    public async Task ReadAsync_json_all_text_gives_values_as_written()
    {
        var path = _temp.Write("typed.jsonl", "{\"n\": 2.5, \"ok\": true}\n{\"n\": 3, \"ok\": null}\n");

        var table = await _reader.ReadAsync(path, new TableReadOptions { AllText = true });

        Assert.Equal(["2.5", "3.0"], table["n"].Strings!.AsEnumerable());
        Assert.Equal(["true", null], table["ok"].Strings!.AsEnumerable());
    }

    [Fact]
    public async Task ReadAsync_broken_json_names_file_line_and_byte()
    {
        var path = _temp.Write("broken.jsonl", "{\"x\": 1}\n{\"x\": 2\n{\"x\": 3}\n");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.ReadAsync(path));

        Assert.Equal(ErrorKind.BadData, error.Kind);
        Assert.Contains(path, error.Message);
        Assert.Contains("not valid JSON", error.Message);
        Assert.Matches(@"line \d+, byte \d+", error.Message);
    }

    [Fact]
    public async Task ReadAsync_missing_json_file_names_the_path()
    {
        var path = _temp.Path("absent.jsonl");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.ReadAsync(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("does not exist", error.Message);
    }
}
