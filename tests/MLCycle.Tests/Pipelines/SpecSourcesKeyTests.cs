using MLCycle.Pipelines;

namespace MLCycle.Tests.Pipelines;

/// <summary>The spec's `sources:` list and `data.join_on`, as read from YAML (no data is opened).</summary>
public sealed class SpecSourcesKeyTests
{
    private const string File = "/specs/mlcycle.yaml";

    private static MLCycleException Refused(string yaml)
    {
        var e = Assert.Throws<MLCycleException>(() => SpecLoader.Parse(yaml, File));
        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains(Path.GetFullPath(File), e.Message);
        return e;
    }

    [Fact]
    public void Parse_sources_as_paths_and_mappings_resolves_them_against_the_spec_folder()
    {
        var spec = SpecLoader.Parse("""
            name: credit
            sources:
              - part1.csv
              - path: more/part2.jsonl
              - path: extra.sqlite
                table: loans
              - path: semi.txt
                delimiter: ";"
                header: false
            data:
              target: class
            """, File);

        Assert.Equal(["/specs/part1.csv", "/specs/more/part2.jsonl", "/specs/extra.sqlite", "/specs/semi.txt"], spec.Sources.Select(s => s.Path));
        Assert.Equal("loans", spec.Sources[2].Options!.Table);
        Assert.Null(spec.Sources[0].Options!.Csv);
        Assert.Equal(";", spec.Sources[3].Options!.Csv!.Delimiter);
        Assert.False(spec.Sources[3].Options!.Csv!.Header);
        Assert.Equal("", spec.Data.Path);
        Assert.Null(spec.Data.JoinOn);
        Assert.Equal($"{Path.GetFullPath(File)}: line 3, 'sources[0]'", spec.Sources[0].Label);
        Assert.Equal($"{Path.GetFullPath(File)}: line 4, 'sources[1].path'", spec.Sources[1].Label);
        Assert.StartsWith("the union of '/specs/part1.csv'", spec.DataName);
    }

    [Fact]
    public void Parse_addresses_are_kept_as_written_and_passwords_stay_out_of_the_data_name()
    {
        var spec = SpecLoader.Parse("""
            name: credit
            sources:
              - path: "postgresql://ana:secret@db.example:5432/loans"
                query: SELECT * FROM applications
              - https://example.org/more.csv
            data: { target: class, join_on: id }
            """, File);

        Assert.Equal("postgresql://ana:secret@db.example:5432/loans", spec.Sources[0].Path);
        Assert.Equal("SELECT * FROM applications", spec.Sources[0].Options!.Query);
        Assert.Equal("https://example.org/more.csv", spec.Sources[1].Path);
        Assert.Equal("id", spec.Data.JoinOn);
        Assert.DoesNotContain("secret", spec.DataName);
        Assert.StartsWith("the join on 'id' of 'postgresql://ana@db.example:5432/loans'", spec.DataName);
    }

    [Fact]
    public void Parse_both_data_path_and_sources_is_refused_at_data_path()
    {
        var e = Refused("name: a\nsources: [a.csv, b.csv]\ndata:\n  path: c.csv\n  target: y\n");

        Assert.Contains("line 4, 'data.path'", e.Message);
        Assert.Contains("either 'data.path' or a 'sources' list, not both", e.Message);
    }

    [Fact]
    public void Parse_neither_data_path_nor_sources_is_refused()
    {
        var e = Refused("name: a\ndata:\n  target: y\n");

        Assert.Contains("'data.path'", e.Message);
        Assert.Contains("or list the data under 'sources'", e.Message);
    }

    [Theory]
    [InlineData("sources: []", "'sources'", "an empty list")]
    [InlineData("sources: a.csv", "'sources'", "a single value or mapping")]
    [InlineData("sources:\n  - a.csv\n  - book.xlsx", "line 4, 'sources[1]'", "the extension '.xlsx'")]
    [InlineData("sources:\n  - a.csv\n  - path: noext", "line 4, 'sources[1].path'", "has no extension")]
    [InlineData("sources:\n  - path: a.csv\n    table: t", "line 4, 'sources[0].table'", "is not a database")]
    [InlineData("sources:\n  - path: a.sqlite", "line 3, 'sources[0].path'", "give either 'table:' or 'query:'")]
    [InlineData("sources:\n  - path: a.sqlite\n    table: t\n    query: SELECT 1", "line 5, 'sources[0].query'", "exactly one")]
    [InlineData("sources:\n  - path: a.csv\n    quote: \"''\"", "'sources[0].quote'", "one quote character")]
    [InlineData("sources:\n  - path: a.csv\n    sheet: 2", "'sources[0].sheet'", "unknown key 'sheet'")]
    [InlineData("sources:\n  - a.csv\n  - ~", "line 4, 'sources[1]'", "expected a path or a mapping")]
    public void Parse_bad_source_entry_is_refused_naming_its_key(string sources, string where, string what)
    {
        var e = Refused($"name: a\n{sources}\ndata:\n  target: y\n");

        Assert.Contains(where, e.Message);
        Assert.Contains(what, e.Message);
    }

    [Fact]
    public void Parse_join_on_needs_two_sources()
    {
        var e = Refused("name: a\nsources: [a.csv]\ndata:\n  target: y\n  join_on: id\n");

        Assert.Contains("'data.join_on'", e.Message);
        Assert.Contains("at least two entries under 'sources', found 1", e.Message);
    }
}
