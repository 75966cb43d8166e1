using Microsoft.Data.Sqlite;
using MLCycle.Data;

namespace MLCycle.Tests.Data;

public sealed class SqliteSourceTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly TableReader _reader = new();
    private readonly string _db;

    public SqliteSourceTests()
    {
        _db = _temp.Path("shop.sqlite");
        using var connection = new SqliteConnection($"Data Source={_db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE orders (id INTEGER, amount REAL, customer TEXT, paid INTEGER);
            INSERT INTO orders VALUES (1, 9.5, 'ann', 1), (2, NULL, 'bob', 0), (3, 3, 'ann', 1);
            """;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ReadAsync_sqlite_table_reads_every_row_with_types()
    {
        var table = await _reader.ReadAsync(_db, new TableReadOptions { Table = "orders" });

        Assert.Equal(["id", "amount", "customer", "paid"], table.Columns.Select(c => c.Name));
        Assert.Equal([1.0, 2.0, 3.0], table["id"].Numbers!);
        Assert.Equal("DOUBLE", table["amount"].Info.SourceType);
        Assert.Equal(9.5, table["amount"].Numbers![0]);
        Assert.True(table["amount"].IsMissing(1));
        Assert.Equal(3.0, table["amount"].Numbers![2]);
        Assert.Equal(["ann", "bob", "ann"], table["customer"].Strings!.AsEnumerable());
    }

    [Fact]
    public async Task ReadAsync_sqlite_query_reads_its_result()
    {
        var options = new TableReadOptions { Query = "SELECT customer, sum(amount) AS total FROM orders GROUP BY customer ORDER BY customer" };

        var table = await _reader.ReadAsync(_temp.Path("shop.sqlite"), options);

        Assert.Equal(["ann", "bob"], table["customer"].Strings!.AsEnumerable());
        Assert.Equal(12.5, table["total"].Numbers![0]);
        Assert.True(table["total"].IsMissing(1));
    }

    [Fact]
    public async Task ReadAsync_failing_sqlite_query_names_the_file_and_sqlites_message()
    {
        var error = await Assert.ThrowsAsync<MLCycleException>(() =>
            _reader.ReadAsync(_db, new TableReadOptions { Query = "SELECT nope FROM orders" }));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains(_db, error.Message);
        Assert.Contains("no such column: nope", error.Message);
    }

    [Fact]
    public async Task ReadAsync_sqlite_without_table_or_query_is_a_spec_error()
    {
        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.ReadAsync(_db));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains("table", error.Message);
        Assert.Contains("query", error.Message);
    }

    [Fact]
    public async Task ReadAsync_sqlite_with_both_table_and_query_is_a_spec_error()
    {
        var error = await Assert.ThrowsAsync<MLCycleException>(() =>
            _reader.ReadAsync(_db, new TableReadOptions { Table = "orders", Query = "SELECT 1" }));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
    }

    [Fact]
    public async Task ReadAsync_missing_sqlite_file_names_the_path()
    {
        var path = _temp.Path("absent.db");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => _reader.ReadAsync(path, new TableReadOptions { Table = "t" }));

        Assert.Contains(path, error.Message);
        Assert.Contains("does not exist", error.Message);
    }
}
