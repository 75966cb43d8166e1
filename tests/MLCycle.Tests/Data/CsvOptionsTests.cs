using System.Text;
using MLCycle.Data;

namespace MLCycle.Tests.Data;

public sealed class CsvOptionsTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly TableReader _reader = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ReadAsync_delimiter_and_quote_override_the_csv_defaults()
    {
        var path = _temp.Write("semi.csv", "name;note\n'Smith; J';1\n'Lee';2\n");
        var options = new TableReadOptions { Csv = new CsvOptions { Delimiter = ";", Quote = '\'' } };

        var table = await _reader.ReadAsync(path, options);

        Assert.Equal(["Smith; J", "Lee"], table["name"].Strings!.AsEnumerable());
        Assert.Equal([1.0, 2.0], table["note"].Numbers!);
    }

    [Fact]
    public async Task ReadAsync_latin1_file_decodes_accents()
    {
        var path = _temp.Path("latin.csv");
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes("city,n\nCafé Zürich,1\nGöteborg,2\n"));

        var table = await _reader.ReadAsync(path, new TableReadOptions { Csv = new CsvOptions { Encoding = "latin-1" } });

        Assert.Equal(["Café Zürich", "Göteborg"], table["city"].Strings!.AsEnumerable());
    }

    [Fact]
    public async Task ReadAsync_without_header_names_columns_by_position()
    {
        var path = _temp.Write("raw.csv", "1,a\n2,b\n");

        var table = await _reader.ReadAsync(path, new TableReadOptions { Csv = new CsvOptions { Header = false } });

        Assert.Equal(2, table.RowCount);
        Assert.Equal(["column0", "column1"], table.Columns.Select(c => c.Name));
        Assert.Equal([1.0, 2.0], table["column0"].Numbers!);
    }

    [Fact]
    public async Task ReadAsync_tab_delimiter_by_name_reads_a_txt_file()
    {
        var path = _temp.Write("t.txt", "a\tb\n1\tx\n");

        var table = await _reader.ReadAsync(path, new TableReadOptions { Csv = new CsvOptions { Delimiter = "tab" } });

        Assert.Equal(["x"], table["b"].Strings!.AsEnumerable());
    }

    [Fact]
    public async Task ReadAsync_unknown_encoding_is_a_spec_error()
    {
        var path = _temp.Write("x.csv", "a\n1\n");

        var error = await Assert.ThrowsAsync<MLCycleException>(() =>
            _reader.ReadAsync(path, new TableReadOptions { Csv = new CsvOptions { Encoding = "ebcdic" } }));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains("ebcdic", error.Message);
        Assert.Contains("latin-1", error.Message);
    }

    [Fact]
    public async Task ReadAsync_multi_character_delimiter_is_a_spec_error()
    {
        var path = _temp.Write("x.csv", "a\n1\n");

        var error = await Assert.ThrowsAsync<MLCycleException>(() =>
            _reader.ReadAsync(path, new TableReadOptions { Csv = new CsvOptions { Delimiter = ";;" } }));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains("';;'", error.Message);
    }
}
