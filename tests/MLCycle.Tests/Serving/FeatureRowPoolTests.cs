using MLCycle.Data;
using MLCycle.Preparation;
using MLCycle.Serving;

namespace MLCycle.Tests.Serving;

/// <summary>The feature rows a scoring call borrows (ADR 0069) are its own while it holds them, and hold none of its strings after.</summary>
public sealed class FeatureRowPoolTests
{
    private static readonly FeatureLayout Layout = new(
    [
        new InputColumn("tenure", ColumnKind.Numeric, false),
        new InputColumn("plan", ColumnKind.Categorical, false, ["a", "b"]),
        new InputColumn("city", ColumnKind.Categorical, false),
        new InputColumn("note", ColumnKind.Text, false),
    ]);

    [Fact]
    public void Rent_lends_a_distinct_row_for_every_index_across_blocks()
    {
        var pool = new FeatureRowPool(Layout);
        const int count = 2 * FeatureRowPool.BlockRows + 5;

        using var lent = pool.Rent(count);

        var rows = Enumerable.Range(0, count).Select(r => lent[r]).ToList();
        Assert.Equal(count, rows.Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.All(rows, r => Assert.Equal([1, 1, 1, 1], new[] { r.Numeric.Length, r.Categorical.Length, r.Hashed.Length, r.Text.Length }));
    }

    [Fact]
    public void Returned_rows_are_lent_again_without_the_strings_of_the_call_before()
    {
        var pool = new FeatureRowPool(Layout);
        var lent = pool.Rent(3);
        var first = Enumerable.Range(0, 3).Select(r => lent[r]).ToList();
        foreach (var row in first)
        {
            row.Numeric[0] = 7;
            row.Categorical[0] = "plan=a";
            row.Hashed[0] = "city=" + new string('x', 1_000);
            row.Text[0] = "a caller's note";
        }
        lent.Dispose();

        using var again = pool.Rent(3);

        Assert.Equal(first, Enumerable.Range(0, 3).Select(r => again[r]), ReferenceEqualityComparer.Instance);
        Assert.All(first, row => Assert.True(row.Categorical[0] is null && row.Hashed[0] is null && row.Text[0] is null));
    }

    [Fact]
    public void Blocks_past_the_bound_are_not_kept()
    {
        var pool = new FeatureRowPool(Layout, maxBlocks: 1);
        var big = pool.Rent(3 * FeatureRowPool.BlockRows);
        var rows = Enumerable.Range(0, 3).Select(b => big[b * FeatureRowPool.BlockRows]).ToList();
        big.Dispose();

        using var a = pool.Rent(1);
        using var b = pool.Rent(1);

        // One of the three blocks was kept; the second call gets a new block, not another of the three.
        Assert.Contains(a[0], rows);
        Assert.DoesNotContain(b[0], rows);
    }
}
