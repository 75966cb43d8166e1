using MLCycle.Data;

namespace MLCycle.Tests.Data;

public sealed class TableReaderBatchTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly TableReader _reader = new();

    public void Dispose() => _temp.Dispose();

    private static async Task<List<Table>> CollectAsync(IAsyncEnumerable<Table> batches)
    {
        var result = new List<Table>();
        await foreach (var batch in batches) result.Add(batch);
        return result;
    }

    [Fact]
    public async Task ReadBatchesAsync_yields_full_batches_then_the_rest_in_file_order()
    {
        var path = _temp.Write("ten.csv", "id,name\n" + string.Join("\n", Enumerable.Range(1, 10).Select(i => $"{i},n{i}")) + "\n");

        var batches = await CollectAsync(_reader.ReadBatchesAsync(path, 4));

        Assert.Equal([4, 4, 2], batches.Select(b => b.RowCount));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (double)i), batches.SelectMany(b => b["id"].Numbers!));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => "n" + i), batches.SelectMany(b => b["name"].Strings!));
    }

    [Fact]
    public async Task ReadBatchesAsync_exact_multiple_ends_without_an_empty_batch()
    {
        var path = _temp.Write("six.csv", "id\n1\n2\n3\n4\n5\n6\n");

        var batches = await CollectAsync(_reader.ReadBatchesAsync(path, 3));

        Assert.Equal([3, 3], batches.Select(b => b.RowCount));
    }

    [Fact]
    public async Task ReadBatchesAsync_all_text_reads_strings_as_written()
    {
        var path = _temp.Write("score.csv", "zip,amount\n007,1.50\n010,\n");

        var batches = await CollectAsync(_reader.ReadBatchesAsync(path, 100, new TableReadOptions { AllText = true }));

        var batch = Assert.Single(batches);
        Assert.Equal(["007", "010"], batch["zip"].Strings!.AsEnumerable());
        Assert.Equal(["1.50", null], batch["amount"].Strings!.AsEnumerable());
    }

    [Fact]
    public async Task ReadBatchesAsync_matches_ReadAsync_on_penguins()
    {
        var path = RepoFiles.Example("penguins", "penguins.csv");
        var whole = await _reader.ReadAsync(path);

        var batches = await CollectAsync(_reader.ReadBatchesAsync(path, 100));

        Assert.Equal([100, 100, 100, 44], batches.Select(b => b.RowCount));
        Assert.Equal(whole.Schema, batches[0].Schema);
        Assert.Equal(whole["species"].Strings!.AsEnumerable(), batches.SelectMany(b => b["species"].Strings!));
        Assert.Equal(whole["body_mass_g"].Numbers!, batches.SelectMany(b => b["body_mass_g"].Numbers!));
    }

    [Fact]
    public async Task ReadBatchesAsync_all_text_header_only_file_has_no_rows()
    {
        var path = _temp.Write("header.csv", "a,b\n");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => CollectAsync(_reader.ReadBatchesAsync(path, 10, new TableReadOptions { AllText = true })));

        Assert.Contains("no rows", error.Message);
    }

    [Fact]
    public async Task ReadBatchesAsync_ragged_row_names_the_line_even_as_text()
    {
        var rows = Enumerable.Range(0, 30_000).Select(i => i == 25_000 ? $"{i}" : $"{i},x");
        var path = _temp.Write("ragged.csv", "id,v\n" + string.Join("\n", rows) + "\n");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => CollectAsync(_reader.ReadBatchesAsync(path, 1000, new TableReadOptions { AllText = true })));

        Assert.Contains("line 25002 has 1 field but the header has 2", error.Message);
    }

    [Fact]
    public async Task ReadBatchesAsync_zero_batch_size_is_rejected()
    {
        var path = _temp.Write("a.csv", "a\n1\n");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => CollectAsync(_reader.ReadBatchesAsync(path, 0)));
    }
}
