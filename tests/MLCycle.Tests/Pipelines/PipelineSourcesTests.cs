using Microsoft.Data.Sqlite;
using MLCycle.Pipelines;
using MLCycle.Storage;

namespace MLCycle.Tests.Pipelines;

/// <summary>`sources:` in a spec: real files combined once into a temporary Parquet file that every later step reads.</summary>
public sealed class PipelineSourcesTests : IDisposable
{
    private readonly SpecTempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private PipelineSpec Spec(string sources, string data = "") =>
        SpecLoader.Load(_folder.Write("mlcycle.yaml", $"name: credit\nsources:\n{sources}\ndata:\n  target: class\n{data}train: {{ algorithms: [linear], cv: 2 }}\n"));

    /// <summary>The first 600 rows as CSV; the other 400 as JSON lines with 'duration' written as decimals and without 'own_telephone'.</summary>
    private void WriteCreditInTwoFormats()
    {
        var rows = CreditFiles.Rows;
        _folder.Write("first.csv", CreditFiles.AsCsv(rows.Take(600), CreditFiles.Header));
        _folder.Write("rest.jsonl", CreditFiles.AsJsonLines(rows.Skip(600), CreditFiles.Header.Where(c => c != "own_telephone").ToList(), asDouble: "duration"));
    }

    [Fact]
    public async Task CheckAsync_union_of_csv_and_json_reads_every_row_and_reports_each_coercion()
    {
        WriteCreditInTwoFormats();

        using var input = await PipelinePreflight.CheckAsync(Spec("  - first.csv\n  - rest.jsonl"));

        Assert.Equal(1000, input.Table.RowCount);
        Assert.Equal(CreditFiles.Header, input.Table.Columns.Select(c => c.Name));
        Assert.Equal(CreditFiles.Rows.Select(r => r[^1]), input.Table["class"].Strings!);
        Assert.Equal(48, input.Table["duration"].Numbers![1]);
        Assert.Equal(400, Enumerable.Range(600, 400).Count(input.Table["own_telephone"].IsMissing));
        var jsonl = Path.Combine(_folder.Path, "rest.jsonl");
        var csv = Path.Combine(_folder.Path, "first.csv");
        Assert.True(input.Sources!.Coercions.Count == 2, string.Join("\n", input.Sources.Coercions));
        Assert.Contains(input.Sources.Coercions, c => c is { Column: "duration", From: "BIGINT", To: "DOUBLE" } && c.Source == csv);
        Assert.Contains(input.Sources.Coercions, c => c is { Column: "own_telephone", From: "absent" } && c.Source == jsonl);
        // The CSV's sniffer guesses BOOLEAN for yes/no; combined data keeps the words, as the JSON has them.
        Assert.Equal(CreditFiles.Rows.Select(r => r[^2]), input.Table["foreign_worker"].Strings!);
        Assert.EndsWith(".parquet", input.Spec.Data.Path);
    }

    [Fact]
    public async Task Dispose_deletes_the_combined_file()
    {
        WriteCreditInTwoFormats();
        var input = await PipelinePreflight.CheckAsync(Spec("  - first.csv\n  - rest.jsonl"));
        var combined = input.Sources!.Path;
        Assert.True(File.Exists(combined));

        input.Dispose();

        Assert.False(File.Exists(combined));
        Assert.False(Directory.Exists(Path.GetDirectoryName(combined)));
    }

    [Fact]
    public async Task CheckAsync_join_on_key_adds_the_other_sources_columns_in_the_first_ones_order()
    {
        _folder.Write("people.csv", "id,sex,class\n3,F,good\n1,M,bad\n2,F,good\n4,M,good\n");
        _folder.Write("loans.jsonl", "{\"id\": 1, \"amount\": 100.5}\n{\"id\": 3, \"amount\": 300}\n{\"id\": 2, \"amount\": 250}\n");

        using var input = await PipelinePreflight.CheckAsync(Spec("  - people.csv\n  - loans.jsonl", "  join_on: id\n"));

        Assert.Equal(["id", "sex", "class", "amount"], input.Table.Columns.Select(c => c.Name));
        Assert.Equal([3.0, 1.0, 2.0, 4.0], input.Table["id"].Numbers!);
        Assert.Equal([300, 100.5, 250], input.Table["amount"].Numbers![..3]);
        Assert.True(input.Table["amount"].IsMissing(3));
        Assert.Empty(input.Sources!.Coercions);
    }

    [Fact]
    public async Task CheckAsync_sqlite_query_unions_with_a_csv()
    {
        _folder.Write("a.csv", "age,sex,class\n30,F,good\n41,M,bad\n");
        var db = Path.Combine(_folder.Path, "more.sqlite");
        using (var connection = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE people (age INTEGER, sex TEXT, class TEXT, note TEXT);" +
                "INSERT INTO people VALUES (25, 'F', 'bad', 'x'), (52, 'M', 'good', 'y'), (60, 'M', 'good', 'z');";
            command.ExecuteNonQuery();
        }

        using var input = await PipelinePreflight.CheckAsync(Spec("  - a.csv\n  - path: more.sqlite\n    query: SELECT age, sex, class FROM people WHERE age < 60"));

        Assert.Equal([30.0, 41, 25, 52], input.Table["age"].Numbers!);
        Assert.Equal(["good", "bad", "bad", "good"], input.Table["class"].Strings!.AsEnumerable());
    }

    [Fact]
    public async Task CheckAsync_http_source_unions_with_a_local_file_and_an_http_error_names_its_key()
    {
        using var server = new MLCycle.Tests.Data.LoopbackHttpServer(new()
        {
            ["/more.csv"] = (200, "text/csv", "age,class\n52,good\n"),
            ["/gone.csv"] = (404, "text/plain", "not found"),
        });
        _folder.Write("a.csv", "age,class\n30,good\n41,bad\n");

        using (var input = await PipelinePreflight.CheckAsync(Spec($"  - a.csv\n  - {server.BaseUrl}/more.csv")))
            Assert.Equal([30.0, 41, 52], input.Table["age"].Numbers!);
        var e = await Assert.ThrowsAsync<MLCycleException>(() => PipelinePreflight.CheckAsync(Spec($"  - a.csv\n  - {server.BaseUrl}/gone.csv")));

        Assert.Equal(ErrorKind.Unavailable, e.Kind);
        Assert.Contains("line 4, 'sources[1]'", e.Message);
        Assert.Contains("HTTP 404", e.Message);
    }

    [Fact]
    public async Task CheckAsync_missing_source_file_is_a_spec_error_naming_its_key()
    {
        _folder.Write("a.csv", "age,class\n30,good\n");

        var e = await Assert.ThrowsAsync<MLCycleException>(() => PipelinePreflight.CheckAsync(Spec("  - a.csv\n  - path: gone.csv")));

        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains("line 4, 'sources[1].path'", e.Message);
        Assert.Contains("gone.csv' does not exist", e.Message);
    }

    [Fact]
    public async Task CheckAsync_join_key_missing_from_a_source_is_a_spec_error_naming_it()
    {
        _folder.Write("a.csv", "id,age,class\n1,30,good\n");
        _folder.Write("b.csv", "key,score\n1,0.5\n");

        var e = await Assert.ThrowsAsync<MLCycleException>(() => PipelinePreflight.CheckAsync(Spec("  - a.csv\n  - b.csv", "  join_on: id\n")));

        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains("'sources[1]'", e.Message);
        Assert.Contains("The join key 'id' is not a column of", e.Message);
        Assert.Contains("key, score", e.Message);
    }

    [Fact]
    public async Task CheckAsync_repeated_join_key_in_a_later_source_is_a_data_error_naming_it()
    {
        _folder.Write("a.csv", "id,age,class\n1,30,good\n2,40,bad\n");
        _folder.Write("b.csv", "id,score\n1,0.5\n1,0.7\n");

        var e = await Assert.ThrowsAsync<MLCycleException>(() => PipelinePreflight.CheckAsync(Spec("  - a.csv\n  - b.csv", "  join_on: id\n")));

        Assert.Equal(ErrorKind.BadData, e.Kind);
        Assert.Contains("'sources[1]'", e.Message);
        Assert.Contains("'id' = '1' on 2 rows", e.Message);
    }

    [Fact]
    public async Task CheckAsync_column_missing_from_the_combined_sources_names_them_not_a_temporary_file()
    {
        _folder.Write("a.csv", "age,class\n30,good\n");
        _folder.Write("b.csv", "age,class\n40,bad\n");

        var e = await Assert.ThrowsAsync<MLCycleException>(() => PipelinePreflight.CheckAsync(Spec("  - a.csv\n  - b.csv", "  sensitive: [sex]\n")));

        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains("column 'sex' is not in the union of", e.Message);
        Assert.DoesNotContain(".parquet", e.Message);
    }

    [Fact]
    public async Task CheckAsync_type_override_of_a_column_no_source_has_names_the_sources()
    {
        _folder.Write("a.csv", "age,class\n30,good\n");
        _folder.Write("b.csv", "age,class\n40,bad\n");

        var e = await Assert.ThrowsAsync<MLCycleException>(() => PipelinePreflight.CheckAsync(Spec("  - a.csv\n  - b.csv", "  types: { zip: categorical }\n")));

        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains("'zip'", e.Message);
        Assert.Contains("the union of '", e.Message);
        Assert.DoesNotContain(".parquet", e.Message);
    }

    [Fact]
    public async Task RunAsync_sources_trains_on_the_combined_rows_and_records_every_coercion()
    {
        WriteCreditInTwoFormats();
        using var input = await PipelinePreflight.CheckAsync(Spec("  - first.csv\n  - rest.jsonl"));
        await using var store = await MLCycleStore.OpenAsync(Path.Combine(_folder.Path, "store"));

        var summary = await new PipelineRunner(store).RunAsync(input);

        Assert.Equal(1000, summary.Rows);
        Assert.Equal("union", summary.Combine);
        Assert.Equal([Path.Combine(_folder.Path, "first.csv"), Path.Combine(_folder.Path, "rest.jsonl")], summary.Sources);
        Assert.Equal(input.Sources!.Coercions, summary.Coercions);
        var run = await store.Tracking.GetRunAsync(summary.RunId);
        Assert.Equal("2", run.Tags["data.coercions"]);
        Assert.Equal(summary.Coercions[0].ToString(), run.Tags["data.coercion.1"]);
        Assert.Equal("union", run.Params["data.combine"]);
        Assert.StartsWith("the union of ", run.Params["data.path"]);
        Assert.Contains("own_telephone", await File.ReadAllTextAsync(summary.ReportPath));
    }
}
