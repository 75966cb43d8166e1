using MLCycle.Data;
using MLCycle.Profiling;

namespace MLCycle.Tests.Data;

/// <summary>A header that names a column twice, leaves one unnamed or hides a control character is refused, naming the file and
/// the columns, on the reading path of runs and on the profile's streaming path; DuckDB alone renamed such columns silently.</summary>
public sealed class CsvHeaderCheckTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("species,island,island\nA,x,1\nB,y,2\n", "columns 2 and 3 are both named 'island'; rename one.")]
    [InlineData("species,Island,ISLAND\nA,x,1\nB,y,2\n", "columns 2 and 3 are both named 'Island' and 'ISLAND' (names are compared ignoring case); rename one.")]
    [InlineData("species,\"is\"\"land\",\"is\"\"land\"\nA,x,1\n", "columns 2 and 3 are both named 'is\"land'; rename one.")]
    [InlineData("species,,mass\nA,x,1\nB,y,2\n", "column 2 has no name (after 'species', before 'mass'); every column needs one")]
    [InlineData("species,mass, \nA,1,x\nB,2,y\n", "column 3 has no name (after 'mass', the last)")]
    [InlineData("species,isl\u001b[31mand\u0007\nA,x\nB,y\n", "column 2 is named 'isl\\u001b[31mand\\u0007', which holds the hidden character U+001B")]
    [InlineData("species,\"c\nd\"\nA,x\nB,y\n", "column 2 is named 'c\\u000ad', which holds the hidden character U+000A")]
    [InlineData("species,\"a\u202Eb\"\nA,x\nB,y\n", "column 2 is named 'a\\u202eb', which holds the hidden character U+202E")]
    public async Task ReadAsync_badHeader_refusedNamingFileAndColumns(string csv, string expected)
    {
        var path = _temp.Write("bad.csv", csv);

        var read = await Assert.ThrowsAsync<MLCycleException>(() => new TableReader().ReadAsync(path));
        var profile = await Assert.ThrowsAsync<MLCycleException>(() => new DatasetProfiler().ProfileAsync(path));

        foreach (var error in new[] { read, profile })
        {
            Assert.Equal(ErrorKind.BadData, error.Kind);
            Assert.StartsWith($"'{path}' header: ", error.Message, StringComparison.Ordinal);
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
            // The message itself must not carry the raw character to a terminal.
            Assert.DoesNotContain(error.Message, c => c is '\u001b' or '\u0007' or '\u202E');
        }
    }

    [Fact]
    public async Task ReadAsync_quotedNamesWithDelimitersAndQuotes_readAsWritten()
    {
        var path = _temp.Write("quoted.csv", "\"a,b\",\"say \"\"hi\"\"\"\n1,2\n4,5\n");

        var table = await new TableReader().ReadAsync(path);

        Assert.Equal(["a,b", "say \"hi\""], table.Columns.Select(c => c.Name).ToArray());
        Assert.Equal(2, table.RowCount);
    }

    [Fact]
    public void ReadNames_bomAndQuotes_givesTheNamesUnquoted()
    {
        var path = _temp.Path("bom.csv");
        File.WriteAllText(path, "species,\"x;y\"\n1,2\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Assert.Equal(["species", "x;y"], CsvHeaderCheck.ReadNames(path, ',', '"'));
        Assert.Equal(["species,\"x", "y\""], CsvHeaderCheck.ReadNames(path, ';', '\''));
    }
}
