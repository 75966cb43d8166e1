using MLCycle.Data;

namespace MLCycle.Tests.Data;

/// <summary>Combining sources into a Parquet file: the same table as combining in memory, and text kept as each file spells it.</summary>
public sealed class SourceCombinerParquetTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly SourceCombiner _combiner = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task UnionToParquetAsync_reads_back_as_the_in_memory_union_with_the_same_coercions()
    {
        var a = _temp.Write("a.csv", "id,x,flag\n1,1,yes\n2,2,no\n");
        var b = _temp.Write("b.jsonl", "{\"id\": 3, \"x\": 2.5}\n");
        var parquet = _temp.Path("union.parquet");

        var coercions = await _combiner.UnionToParquetAsync([new SourceSpec(a), new SourceSpec(b)], parquet);
        var inMemory = await _combiner.UnionAsync([new SourceSpec(a), new SourceSpec(b)]);
        var read = await new TableReader().ReadAsync(parquet);

        Assert.Equal(inMemory.Coercions, coercions);
        Assert.Equal(inMemory.Table.Columns.Select(c => (c.Name, c.Kind)), read.Columns.Select(c => (c.Name, c.Kind)));
        Assert.Equal([1.0, 2.0, 2.5], read["x"].Numbers!);
        // The sniffer's BOOLEAN guess for yes/no is not kept: combined data holds the words of the file.
        Assert.Equal(["yes", "no", null], read["flag"].FormatAll().AsEnumerable());
    }

    [Fact]
    public async Task UnionToParquetAsync_one_source_is_copied_as_it_is()
    {
        var a = _temp.Write("a.csv", "id,x\n1,0.5\n2,1.5\n");
        var parquet = _temp.Path("one.parquet");

        var coercions = await _combiner.UnionToParquetAsync([new SourceSpec(a)], parquet);

        var read = await new TableReader().ReadAsync(parquet);

        Assert.Empty(coercions);
        Assert.Equal([0.5, 1.5], read["x"].Numbers!);
    }

    [Fact]
    public async Task UnionAsync_a_csv_column_that_becomes_text_keeps_the_files_spelling()
    {
        var csv = _temp.Write("a.csv", "code,member\n7,yes\n12,no\n");
        var json = _temp.Write("b.jsonl", "{\"code\": \"A1\", \"member\": \"maybe\"}\n");

        var combined = await _combiner.UnionAsync([new SourceSpec(csv), new SourceSpec(json)]);

        Assert.Equal(["7", "12", "A1"], combined.Table["code"].Strings!.AsEnumerable());
        Assert.Equal(["yes", "no", "maybe"], combined.Table["member"].Strings!.AsEnumerable());
        // 'code' was guessed BIGINT and is read again as text; 'member' was never anything but the file's words.
        var coercion = Assert.Single(combined.Coercions);
        Assert.Equal(("code", "BIGINT", "VARCHAR", csv), (coercion.Column, coercion.From, coercion.To, coercion.Source));
        Assert.StartsWith("read as the text in the file", coercion.Reason);
    }

    [Fact]
    public async Task UnionAsync_two_csvs_of_yes_no_keep_the_words_not_true_false()
    {
        var a = _temp.Write("a.csv", "x,churn\n1,Yes\n2,No\n");
        var b = _temp.Write("b.csv", "x,churn\n3,No\n");

        var combined = await _combiner.UnionAsync([new SourceSpec(a), new SourceSpec(b)]);

        Assert.Equal(["Yes", "No", "No"], combined.Table["churn"].Strings!.AsEnumerable());
        Assert.Empty(combined.Coercions);
    }

    [Fact]
    public async Task JoinToParquetAsync_writes_the_left_join_in_the_first_sources_order()
    {
        var people = _temp.Write("people.csv", "id,name\n3,cy\n1,al\n");
        var scores = _temp.Write("scores.csv", "id,score\n1,0.5\n");
        var parquet = _temp.Path("join.parquet");

        var coercions = await _combiner.JoinToParquetAsync([new SourceSpec(people), new SourceSpec(scores)], "id", parquet);
        var read = await new TableReader().ReadAsync(parquet);

        Assert.Empty(coercions);
        Assert.Equal([3.0, 1.0], read["id"].Numbers!);
        Assert.True(read["score"].IsMissing(0));
        Assert.Equal(0.5, read["score"].Numbers![1]);
    }

    [Fact]
    public async Task UnionToParquetAsync_a_labelled_source_that_fails_is_named_by_its_label()
    {
        var a = _temp.Write("a.csv", "id\n1\n");
        var spec = new SourceSpec(_temp.Path("missing.csv")) { Label = "spec.yaml: line 9, 'sources[1].path'" };

        var e = await Assert.ThrowsAsync<MLCycleException>(() => _combiner.UnionToParquetAsync([new SourceSpec(a), spec], _temp.Path("x.parquet")));

        Assert.StartsWith("spec.yaml: line 9, 'sources[1].path': ", e.Message);
        Assert.Equal(ErrorKind.BadSpec, e.Kind);
    }
}
