namespace MLCycle.Pipelines;

/// <summary>The <c>split</c> section: the held-out test share, the seed, whether to stratify by the target, and a group or time column that keeps rows together.</summary>
public sealed record SplitSpec
{
    /// <summary>Share of rows held out for testing, in (0, 1).</summary>
    public double Test { get; init; } = 0.2;
    public int Seed { get; init; } = 42;
    public bool Stratify { get; init; } = true;
    /// <summary><c>group</c>: a column whose groups never straddle the split or a fold (e.g. customer_id); null for none.</summary>
    public string? Group { get; init; }
    /// <summary><c>time</c>: a date or numeric column; the test rows are the latest and folds chain forward; null for none.</summary>
    public string? Time { get; init; }
}
