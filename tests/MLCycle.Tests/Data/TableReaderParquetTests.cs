using MLCycle.Data;

namespace MLCycle.Tests.Data;

public sealed class TableReaderParquetTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly TableReader _reader = new();

    public void Dispose() => _temp.Dispose();

    private string WriteSample() => _temp.WriteParquet("sample.parquet", """
        SELECT * FROM (VALUES
            (1, 2.5::DECIMAL(6,2), true, DATE '2020-01-01', 'a', 0),
            (2, NULL, false, NULL, NULL, 1),
            (3, -1.25::DECIMAL(6,2), NULL, DATE '1970-01-02', 'c', 1)
        ) AS t(id, amount, flag, day, label, "senior citizen")
        """);

    [Fact]
    public async Task InferSchemaAsync_parquet_maps_declared_types_to_kinds()
    {
        var schema = await _reader.InferSchemaAsync(WriteSample());

        Assert.Equal(
            [ColumnKind.Numeric, ColumnKind.Numeric, ColumnKind.Boolean, ColumnKind.DateTime, ColumnKind.Categorical, ColumnKind.Numeric],
            schema.Select(c => c.Kind));
        Assert.Equal("DECIMAL(6,2)", schema[1].SourceType);
    }

    [Fact]
    public async Task ReadAsync_parquet_reads_values_in_order()
    {
        var table = await _reader.ReadAsync(WriteSample());

        Assert.Equal([1.0, 2.0, 3.0], table["id"].Numbers!);
        Assert.Equal(2.5, table["amount"].Numbers![0]);
        Assert.True(table["amount"].IsMissing(1));
        Assert.Equal(-1.25, table["amount"].Numbers![2]);
        Assert.Equal(1.0, table["flag"].Numbers![0]);
        Assert.Equal(0.0, table["flag"].Numbers![1]);
        Assert.True(table["flag"].IsMissing(2));
        Assert.Equal(86400.0, table["day"].Numbers![2]);
        Assert.Equal(["a", null, "c"], table["label"].Strings!.AsEnumerable());
    }

    [Fact]
    public async Task ReadAsync_parquet_numeric_column_declared_categorical_is_text()
    {
        var options = new TableReadOptions { Types = new Dictionary<string, ColumnKind> { ["senior citizen"] = ColumnKind.Categorical } };

        var table = await _reader.ReadAsync(WriteSample(), options);

        Assert.Equal(["0", "1", "1"], table["senior citizen"].Strings!.AsEnumerable());
    }

    [Fact]
    public async Task ReadAsync_parquet_all_text_casts_every_column()
    {
        var table = await _reader.ReadAsync(WriteSample(), new TableReadOptions { AllText = true });

        Assert.All(table.Columns, c => Assert.Equal(ColumnKind.Categorical, c.Kind));
        Assert.Equal(["1", "2", "3"], table["id"].Strings!.AsEnumerable());
        Assert.Equal("true", table["flag"].Strings![0]);
    }

    [Fact]
    public async Task ReadAsync_parquet_with_no_rows_is_an_error()
    {
        var path = _temp.WriteParquet("none.parquet", "SELECT 1 AS a WHERE false");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.ReadAsync(path));

        Assert.Contains("no rows", error.Message);
    }

    [Fact]
    public async Task ReadBatchesAsync_parquet_streams_batches_in_order()
    {
        var path = _temp.WriteParquet("range.parquet", "SELECT range AS id FROM range(2500)");

        var ids = new List<double>();
        var sizes = new List<int>();
        await foreach (var batch in _reader.ReadBatchesAsync(path, 1000))
        {
            sizes.Add(batch.RowCount);
            ids.AddRange(batch["id"].Numbers!);
        }

        Assert.Equal([1000, 1000, 500], sizes);
        Assert.Equal(Enumerable.Range(0, 2500).Select(i => (double)i), ids);
    }
}
