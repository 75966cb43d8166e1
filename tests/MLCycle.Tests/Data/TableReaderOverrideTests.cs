using MLCycle.Data;

namespace MLCycle.Tests.Data;

public sealed class TableReaderOverrideTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly TableReader _reader = new();

    public void Dispose() => _temp.Dispose();

    private static TableReadOptions Declare(string column, ColumnKind kind) =>
        new() { Types = new Dictionary<string, ColumnKind> { [column] = kind } };

    [Fact]
    public async Task ReadAsync_numeric_column_declared_categorical_reads_the_raw_strings()
    {
        var path = _temp.Write("telco.csv", "senior_citizen,price\n0,1.50\n1,2\n,3\n");

        var table = await _reader.ReadAsync(path, new TableReadOptions
        {
            Types = new Dictionary<string, ColumnKind> { ["senior_citizen"] = ColumnKind.Categorical, ["price"] = ColumnKind.Categorical },
        });

        Assert.Equal(ColumnKind.Categorical, table["senior_citizen"].Kind);
        Assert.Equal(["0", "1", null], table["senior_citizen"].Strings!.AsEnumerable());
        Assert.Equal(["1.50", "2", "3"], table["price"].Strings!.AsEnumerable());
    }

    [Fact]
    public async Task ReadAsync_many_unknown_declared_columns_are_listed_cut_and_counted()
    {
        var path = _temp.Write("small.csv", "a,b\n1,2\n");
        var types = Enumerable.Range(0, 100_000).ToDictionary(i => $"c{i}", _ => ColumnKind.Numeric);

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.ReadAsync(path, new TableReadOptions { Types = types }));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains($"'c{NameRules.MaxShownNames - 1}' and {100_000 - NameRules.MaxShownNames} more that", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("its columns are 'a', 'b'.", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 1000, $"{error.Message.Length} characters");
    }

    [Fact]
    public async Task ReadAsync_telco_senior_citizen_declared_categorical_holds_zero_and_one()
    {
        var table = await _reader.ReadAsync(RepoFiles.Example("telco-churn", "telco_churn.csv"), Declare("senior_citizen", ColumnKind.Categorical));

        Assert.Equal(["0", "1"], table["senior_citizen"].Strings!.Distinct().Order());
        Assert.Equal(ColumnKind.Numeric, table["tenure"].Kind);
    }

    [Fact]
    public async Task ReadAsync_string_column_declared_numeric_is_parsed()
    {
        var path = _temp.Write("codes.csv", "code\n10\n-2.5\n\n1e2\n");

        var table = await _reader.ReadAsync(path, Declare("code", ColumnKind.Numeric));

        Assert.Equal(ColumnKind.Numeric, table["code"].Kind);
        Assert.Equal(10, table["code"].Numbers![0]);
        Assert.Equal(-2.5, table["code"].Numbers![1]);
        Assert.True(table["code"].IsMissing(2));
        Assert.Equal(100, table["code"].Numbers![3]);
    }

    [Fact]
    public async Task ReadAsync_column_declared_numeric_with_a_bad_value_names_row_and_value()
    {
        var path = _temp.Write("codes.csv", "name,code\na,1\nb,2\nc,two\nd,4\n");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.ReadAsync(path, Declare("code", ColumnKind.Numeric)));

        Assert.Contains(path, error.Message);
        Assert.Contains("column 'code'", error.Message);
        Assert.Contains("declared numeric", error.Message);
        Assert.Contains("data row 3 holds 'two'", error.Message);
    }

    [Fact]
    public async Task ReadAsync_text_declared_boolean_and_datetime_are_converted()
    {
        var path = _temp.Write("mixed.csv", "flag,when\nyes,2021-03-04\nno,\n");

        var table = await _reader.ReadAsync(path, new TableReadOptions
        {
            Types = new Dictionary<string, ColumnKind> { ["flag"] = ColumnKind.Boolean, ["when"] = ColumnKind.DateTime },
        });

        Assert.Equal([1.0, 0.0], table["flag"].Numbers!);
        Assert.Equal(1614816000.0, table["when"].Numbers![0]);
        Assert.True(table["when"].IsMissing(1));
    }

    [Fact]
    public async Task ReadAsync_column_declared_boolean_with_a_bad_value_names_row_and_value()
    {
        var path = _temp.Write("flags.csv", "flag\nyes\nmaybe\n");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.ReadAsync(path, Declare("flag", ColumnKind.Boolean)));

        Assert.Contains("data row 2 holds 'maybe'", error.Message);
        Assert.Contains("true or false", error.Message);
    }

    [Fact]
    public async Task ReadAsync_column_declared_text_keeps_strings()
    {
        var path = _temp.Write("notes.csv", "note\nshort\nalso short\n");

        var table = await _reader.ReadAsync(path, Declare("note", ColumnKind.Text));

        Assert.Equal(ColumnKind.Text, table["note"].Kind);
        Assert.Equal(["short", "also short"], table["note"].Strings!.AsEnumerable());
    }

    [Fact]
    public async Task ReadAsync_declaring_an_unknown_column_is_a_spec_error_naming_it()
    {
        var path = _temp.Write("a.csv", "a,b\n1,2\n");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.ReadAsync(path, Declare("c", ColumnKind.Numeric)));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains("'c'", error.Message);
        Assert.Contains(path, error.Message);
    }
}
