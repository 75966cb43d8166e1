using MLCycle.Data;

namespace MLCycle.Tests.Data;

// Not in parallel with other tests: any session opened meanwhile would take the database opened ahead.
[CollectionDefinition(nameof(DuckDbWarmUpTests), DisableParallelization = true)]
public sealed class DuckDbWarmUpCollection;

[Collection(nameof(DuckDbWarmUpTests))]
public sealed class DuckDbWarmUpTests
{
    [Fact]
    public void Open_afterWarmUp_takesTheDatabaseOpenedAheadAndSetsItUp()
    {
        using var warmUp = DuckDbWarmUp.Start();
        Assert.True(DuckDbSession.HasConnectionAhead);

        using var session = DuckDbSession.Open("256MiB");

        Assert.False(DuckDbSession.HasConnectionAhead);
        Assert.Equal("256.0 MiB", Scalar(session, "SELECT current_setting('memory_limit')"));
        Assert.Equal("42", Scalar(session, "SELECT 42"));
    }

    [Fact]
    public void Dispose_noSessionTookTheDatabase_closesItAndTheNextSessionOpensItsOwn()
    {
        var warmUp = DuckDbWarmUp.Start();

        warmUp.Dispose();

        Assert.False(DuckDbSession.HasConnectionAhead);
        using var session = DuckDbSession.Open();
        Assert.Equal("7", Scalar(session, "SELECT 3 + 4"));
    }

    private static string Scalar(DuckDbSession session, string sql)
    {
        using var reader = session.Query(sql);
        reader.Read();
        return Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
