using MLCycle.Data;

namespace MLCycle.Tests.Data;

public sealed class TableReaderTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly TableReader _reader = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ReadAsync_penguins_reads_every_row_with_inferred_kinds_and_missing_values()
    {
        var table = await _reader.ReadAsync(RepoFiles.Example("penguins", "penguins.csv"));

        Assert.Equal(344, table.RowCount);
        Assert.Equal(["species", "island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex", "year"],
            table.Columns.Select(c => c.Name));
        Assert.Equal(ColumnKind.Categorical, table["species"].Kind);
        Assert.Equal(ColumnKind.Numeric, table["bill_length_mm"].Kind);
        Assert.Equal(ColumnKind.Numeric, table["year"].Kind);
        Assert.Equal(2, table["bill_length_mm"].Numbers!.Count(double.IsNaN));
        Assert.Equal(11, table["sex"].Strings!.Count(s => s is null));
        Assert.Equal(152, table["species"].Strings!.Count(s => s == "Adelie"));
        // First data row: Adelie,Torgersen,39.1,18.7,181,3750,male,2007
        Assert.Equal("Torgersen", table["island"].Strings![0]);
        Assert.Equal(39.1, table["bill_length_mm"].Numbers![0]);
        Assert.Equal(2007, table["year"].Numbers![0]);
    }

    [Fact]
    public async Task ReadAsync_small_csv_keeps_file_order_and_exact_values()
    {
        var path = _temp.Write("small.csv", "id,score,name\n3,1.5,c\n1,-2,a\n2,,b\n10,1e3,\n");

        var table = await _reader.ReadAsync(path);

        Assert.Equal([3.0, 1.0, 2.0, 10.0], table["id"].Numbers!);
        Assert.Equal(1.5, table["score"].Numbers![0]);
        Assert.Equal(-2, table["score"].Numbers![1]);
        Assert.True(double.IsNaN(table["score"].Numbers![2]));
        Assert.Equal(1000, table["score"].Numbers![3]);
        Assert.Equal(["c", "a", "b", null], table["name"].Strings!.AsEnumerable());
    }

    [Fact]
    public async Task ReadAsync_large_file_keeps_row_order()
    {
        var rows = Enumerable.Range(0, 50_000).Select(i => $"{(i * 7919) % 50_000},r{i}");
        var path = _temp.Write("order.csv", "key,label\n" + string.Join("\n", rows) + "\n");

        var table = await _reader.ReadAsync(path);

        Assert.Equal(50_000, table.RowCount);
        for (var i = 0; i < table.RowCount; i += 997)
        {
            Assert.Equal((i * 7919) % 50_000, table["key"].Numbers![i]);
            Assert.Equal("r" + i, table["label"].Strings![i]);
        }
    }

    [Fact]
    public async Task ReadAsync_rows_that_look_like_comments_or_preambles_are_kept()
    {
        var path = _temp.Write("hash.csv", "a,b\n#1,x\n2,y\n");

        var table = await _reader.ReadAsync(path);

        Assert.Equal(["#1", "2"], table["a"].Strings!.AsEnumerable());
        Assert.Equal(["x", "y"], table["b"].Strings!.AsEnumerable());
    }

    [Fact]
    public async Task ReadAsync_dates_and_timestamps_become_unix_seconds()
    {
        var path = _temp.Write("dates.csv", "day,at\n2020-01-01,2020-01-01 10:00:00\n1970-01-02,\n");

        var table = await _reader.ReadAsync(path);

        Assert.Equal(ColumnKind.DateTime, table["day"].Kind);
        Assert.Equal(ColumnKind.DateTime, table["at"].Kind);
        Assert.Equal([1577836800.0, 86400.0], table["day"].Numbers!);
        Assert.Equal(1577872800.0, table["at"].Numbers![0]);
        Assert.True(table["at"].IsMissing(1));
        Assert.Equal("2020-01-01T10:00:00", table["at"].Format(0));
    }

    [Fact]
    public async Task ReadAsync_booleans_become_one_and_zero()
    {
        var path = _temp.Write("flags.csv", "flag\ntrue\nfalse\n\ntrue\n");

        var table = await _reader.ReadAsync(path);

        Assert.Equal(ColumnKind.Boolean, table["flag"].Kind);
        Assert.Equal(4, table.RowCount);
        Assert.Equal(1.0, table["flag"].Numbers![0]);
        Assert.Equal(0.0, table["flag"].Numbers![1]);
        Assert.True(table["flag"].IsMissing(2));
    }

    [Fact]
    public async Task ReadAsync_column_names_with_spaces_and_quotes_are_read()
    {
        var path = _temp.Write("names.csv", "\"unit price\",\"say \"\"hi\"\"\",o'clock\n1.5,x,1\n2.5,\"y, z\",2\n");

        var table = await _reader.ReadAsync(path, new TableReadOptions { Types = new Dictionary<string, ColumnKind> { ["o'clock"] = ColumnKind.Categorical } });

        Assert.Equal([1.5, 2.5], table["unit price"].Numbers!);
        Assert.Equal(["x", "y, z"], table["say \"hi\""].Strings!.AsEnumerable());
        Assert.Equal(["1", "2"], table["o'clock"].Strings!.AsEnumerable());
    }

    [Fact]
    public async Task ReadAsync_path_with_quote_and_space_is_read()
    {
        var path = _temp.Write("o'brien data.csv", "a\n1\n2\n");

        var table = await _reader.ReadAsync(path);

        Assert.Equal([1.0, 2.0], table["a"].Numbers!);
    }

    [Fact]
    public async Task ReadAsync_tsv_uses_tabs()
    {
        var path = _temp.Write("data.tsv", "a\tb\n1\tx, y\n2\tz\n");

        var table = await _reader.ReadAsync(path);

        Assert.Equal([1.0, 2.0], table["a"].Numbers!);
        Assert.Equal(["x, y", "z"], table["b"].Strings!.AsEnumerable());
    }

    [Fact]
    public async Task ReadAsync_txt_lets_the_sniffer_find_the_delimiter()
    {
        var path = _temp.Write("data.txt", "a;b\n1;x\n2;y\n3;z\n");

        var table = await _reader.ReadAsync(path);

        Assert.Equal([1.0, 2.0, 3.0], table["a"].Numbers!);
        Assert.Equal(["x", "y", "z"], table["b"].Strings!.AsEnumerable());
    }

    [Fact]
    public async Task ReadAsync_all_text_keeps_strings_exactly_as_written()
    {
        var path = _temp.Write("codes.csv", "zip,price,flag\n007,1.50,true\n,2,false\n");

        var table = await _reader.ReadAsync(path, new TableReadOptions { AllText = true });

        Assert.All(table.Columns, c => Assert.Equal(ColumnKind.Categorical, c.Kind));
        Assert.Equal(["007", null], table["zip"].Strings!.AsEnumerable());
        Assert.Equal(["1.50", "2"], table["price"].Strings!.AsEnumerable());
        Assert.Equal(["true", "false"], table["flag"].Strings!.AsEnumerable());
    }

    [Fact]
    public async Task ReadAsync_all_missing_column_is_categorical_and_null()
    {
        var path = _temp.Write("empty-col.csv", "a,b\n1,\n2,\n");

        var table = await _reader.ReadAsync(path);

        Assert.Equal(ColumnKind.Categorical, table["b"].Kind);
        Assert.Equal([null, null], table["b"].Strings!.AsEnumerable());
    }

    [Theory]
    [InlineData("telco-churn", "telco_churn.csv", 7043, 20)]
    [InlineData("ames-housing", "ames_housing.csv", 2930, 74)]
    public async Task ReadAsync_example_datasets_are_read_whole(string folder, string file, int rows, int columns)
    {
        var table = await _reader.ReadAsync(RepoFiles.Example(folder, file));

        Assert.Equal(rows, table.RowCount);
        Assert.Equal(columns, table.Columns.Count);
    }

    [Theory]
    [InlineData("pima_diabetes.csv", 768, 9)]
    [InlineData("german_credit.csv", 1000, 21)]
    [InlineData("seattle_weather.csv", 1461, 6)]
    public async Task ReadAsync_shared_datasets_are_read_whole(string file, int rows, int columns)
    {
        var table = await _reader.ReadAsync(RepoFiles.Path("tests", "data", file));

        Assert.Equal(rows, table.RowCount);
        Assert.Equal(columns, table.Columns.Count);
    }

    [Fact]
    public async Task InferSchemaAsync_reports_kinds_and_duckdb_types()
    {
        var path = _temp.Write("schema.csv", "n,x,f,d,s\n1,1.5,true,2020-01-01,a\n2,2.5,false,2020-01-02,b\n");

        var schema = await _reader.InferSchemaAsync(path);

        Assert.Equal(
        [
            new ColumnInfo("n", ColumnKind.Numeric, "BIGINT"),
            new ColumnInfo("x", ColumnKind.Numeric, "DOUBLE"),
            new ColumnInfo("f", ColumnKind.Boolean, "BOOLEAN"),
            new ColumnInfo("d", ColumnKind.DateTime, "DATE"),
            new ColumnInfo("s", ColumnKind.Categorical, "VARCHAR"),
        ], schema);
    }

    [Fact]
    public async Task InferSchemaAsync_long_distinct_sentences_are_text_and_short_labels_categorical()
    {
        var lines = Enumerable.Range(0, 20).Select(i =>
            $"{(i % 2 == 0 ? "red" : "blue")},The delivery number {i} arrived late and the box was damaged");
        var path = _temp.Write("reviews.csv", "colour,review\n" + string.Join("\n", lines) + "\n");

        var schema = await _reader.InferSchemaAsync(path);

        Assert.Equal(ColumnKind.Categorical, schema[0].Kind);
        Assert.Equal(ColumnKind.Text, schema[1].Kind);
    }

    [Fact]
    public async Task InferSchemaAsync_long_repeated_label_stays_categorical()
    {
        var lines = Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? "Bank transfer (automatic) with paper receipt" : "Credit card (automatic) with paper receipt");
        var path = _temp.Write("methods.csv", "method\n" + string.Join("\n", lines) + "\n");

        var schema = await _reader.InferSchemaAsync(path);

        Assert.Equal(ColumnKind.Categorical, schema[0].Kind);
    }
}
