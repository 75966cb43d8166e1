using MLCycle.Data;

namespace MLCycle.Tests.Data;

public sealed class SourceCombinerTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly SourceCombiner _combiner = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task UnionAsync_widens_integers_to_double_and_reports_it()
    {
        var ints = _temp.Write("ints.csv", "id,x\n1,1\n2,2\n");
        var doubles = _temp.Write("doubles.jsonl", "{\"id\": 3, \"x\": 2.5}\n");

        var combined = await _combiner.UnionAsync([new SourceSpec(ints), new SourceSpec(doubles)]);

        Assert.Equal([1.0, 2.0, 3.0], combined.Table["id"].Numbers!);
        Assert.Equal([1.0, 2.0, 2.5], combined.Table["x"].Numbers!);
        Assert.Equal("DOUBLE", combined.Table["x"].Info.SourceType);
        var coercion = Assert.Single(combined.Coercions);
        Assert.Equal(new SourceCoercion("x", ints, "BIGINT", "DOUBLE", $"'{doubles}' has DOUBLE"), coercion);
    }

    [Fact]
    public async Task UnionAsync_number_mixed_with_text_becomes_text_and_missing_columns_are_filled()
    {
        var a = _temp.Write("a.csv", "code,extra\n10,e\n");
        var b = _temp.Write("b.csv", "code\nX7\n");

        var combined = await _combiner.UnionAsync([new SourceSpec(a), new SourceSpec(b)]);

        Assert.Equal(["10", "X7"], combined.Table["code"].Strings!.AsEnumerable());
        Assert.Equal(["e", null], combined.Table["extra"].Strings!.AsEnumerable());
        Assert.Equal(2, combined.Coercions.Count);
        Assert.Contains(combined.Coercions, c => c is { Column: "code", From: "BIGINT", To: "VARCHAR" } && c.Source == a);
        Assert.Contains(combined.Coercions, c => c is { Column: "extra", From: "absent", To: "VARCHAR" } && c.Source == b);
    }

    [Fact]
    public async Task UnionAsync_reads_each_source_with_its_own_options()
    {
        var semi = _temp.Write("semi.csv", "k;v\n1;a\n");
        var db = _temp.Path("more.sqlite");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t (k INTEGER, v TEXT); INSERT INTO t VALUES (2, 'b');";
            command.ExecuteNonQuery();
        }

        var combined = await _combiner.UnionAsync([
            new SourceSpec(semi, new TableReadOptions { Csv = new CsvOptions { Delimiter = ";" } }),
            new SourceSpec(db, new TableReadOptions { Table = "t" })]);

        Assert.Equal([1.0, 2.0], combined.Table["k"].Numbers!);
        Assert.Equal(["a", "b"], combined.Table["v"].Strings!.AsEnumerable());
        Assert.Empty(combined.Coercions);
    }

    [Fact]
    public async Task JoinAsync_keeps_every_row_of_the_first_source_in_order_and_renames_clashes()
    {
        var customers = _temp.Write("customers.csv", "id,name\n3,cy\n1,al\n2,bo\n");
        var scores = _temp.Write("scores.csv", "id,name,score\n1,AL,0.5\n3,CY,0.9\n");

        var combined = await _combiner.JoinAsync([new SourceSpec(customers), new SourceSpec(scores)], "id");

        Assert.Equal(["id", "name", "name_2", "score"], combined.Table.Columns.Select(c => c.Name));
        Assert.Equal([3.0, 1.0, 2.0], combined.Table["id"].Numbers!);
        Assert.Equal(["CY", "AL", null], combined.Table["name_2"].Strings!.AsEnumerable());
        Assert.Equal(0.9, combined.Table["score"].Numbers![0]);
        Assert.True(combined.Table["score"].IsMissing(2));
        var rename = Assert.Single(combined.Coercions);
        Assert.Equal(("name", "name_2", scores), (rename.From, rename.To, rename.Source));
    }

    [Fact]
    public async Task JoinAsync_key_of_different_number_types_is_widened_and_reported()
    {
        var left = _temp.Write("l.csv", "id,a\n1,x\n2,y\n");
        var right = _temp.Write("r.jsonl", "{\"id\": 2.0, \"b\": 20}\n");

        var combined = await _combiner.JoinAsync([new SourceSpec(left), new SourceSpec(right)], "id");

        Assert.Equal([double.NaN, 20.0], combined.Table["b"].Numbers!);
        Assert.Contains(combined.Coercions, c => c is { Column: "id", From: "BIGINT", To: "DOUBLE" } && c.Source == left);
    }

    [Fact]
    public async Task JoinAsync_repeated_key_in_a_joined_source_names_the_key_value()
    {
        var left = _temp.Write("l.csv", "id\n1\n");
        var right = _temp.Write("r.csv", "id,v\n1,a\n1,b\n");

        var error = await Assert.ThrowsAsync<MLCycleException>(() =>
            _combiner.JoinAsync([new SourceSpec(left), new SourceSpec(right)], "id"));

        Assert.Contains(right, error.Message);
        Assert.Contains("'id' = '1' on 2 rows", error.Message);
    }

    [Fact]
    public async Task JoinAsync_key_missing_from_a_source_is_a_spec_error()
    {
        var left = _temp.Write("l.csv", "id\n1\n");
        var right = _temp.Write("r.csv", "key,v\n1,a\n");

        var error = await Assert.ThrowsAsync<MLCycleException>(() =>
            _combiner.JoinAsync([new SourceSpec(left), new SourceSpec(right)], "id"));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains(right, error.Message);
        Assert.Contains("key, v", error.Message);
    }

    [Fact]
    public async Task UnionAsync_one_source_is_a_spec_error()
    {
        var only = _temp.Write("one.csv", "a\n1\n");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _combiner.UnionAsync([new SourceSpec(only)]));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
    }

    [Fact]
    public async Task UnionAsync_broken_source_names_that_source()
    {
        var good = _temp.Write("good.jsonl", "{\"a\": 1}\n");
        var bad = _temp.Write("bad.jsonl", "{\"a\": \n");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _combiner.UnionAsync([new SourceSpec(good), new SourceSpec(bad)]));

        Assert.Contains(bad, error.Message);
    }
}
