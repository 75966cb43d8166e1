using DuckDB.NET.Data;
using MLCycle.Data;

namespace MLCycle.Tests.Data;

public sealed class DuckDbSessionMemoryLimitTests
{
    [Fact]
    public void Open_memoryLimit_isDuckDbsSetting()
    {
        using var session = DuckDbSession.Open("256MiB");
        using var reader = session.Query("SELECT current_setting('memory_limit')");
        reader.Read();

        Assert.Equal("256.0 MiB", reader.GetString(0));
    }

    [Fact]
    public void Open_tightMemoryLimit_stopsAQueryThatCannotSpill()
    {
        using var session = DuckDbSession.Open("16MB");

        // A list aggregate of 20 million numbers holds ~160 MB that DuckDB cannot spill, so the limit must stop it.
        var error = Assert.ThrowsAny<DuckDBException>(() =>
        {
            using var reader = session.Query("SELECT len(list(i)) FROM range(20000000) t(i)");
            reader.Read();
        });
        Assert.Contains("memory", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Open_noMemoryLimit_leavesDuckDbsDefault()
    {
        using var limited = DuckDbSession.Open("16MB");
        using var session = DuckDbSession.Open();

        Assert.NotEqual(Setting(limited), Setting(session));
        Assert.StartsWith("15.", Setting(limited)); // 16,000,000 bytes in MiB
    }

    private static string Setting(DuckDbSession session)
    {
        using var reader = session.Query("SELECT current_setting('memory_limit')");
        reader.Read();
        return reader.GetString(0);
    }

    [Theory]
    [InlineData("1GB", true)]
    [InlineData(" 512 mb ", true)]
    [InlineData("1.5GiB", true)]
    [InlineData("100000B", true)]
    [InlineData("0GB", false)]
    [InlineData("1XB", false)]
    [InlineData("GB", false)]
    [InlineData("1GB; DROP TABLE x", false)]
    [InlineData("", false)]
    public void IsMemorySize_acceptsNumberAndUnitOnly(string text, bool expected) => Assert.Equal(expected, TableReadOptions.IsMemorySize(text));

    [Fact]
    public async Task ReadAsync_badMemoryLimit_isASpecErrorNamingTheValue()
    {
        using var temp = new TempFolder();
        var path = temp.Write("a.csv", "a\n1\n");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => new TableReader().ReadAsync(path, new TableReadOptions { MemoryLimit = "lots" }));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains("Memory limit 'lots' is not a size", error.Message);
    }
}
