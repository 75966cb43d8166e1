namespace MLCycle.Profiling;

/// <summary>Which columns are sensitive and what to compare them against in a bias check.</summary>
public sealed record BiasOptions
{
    /// <summary>The sensitive columns, e.g. sex and age; groups are formed per column and for all of them together.</summary>
    public IReadOnlyList<string> Sensitive { get; init; } = [];

    /// <summary>The target column whose rate is compared across groups; null skips target rates.</summary>
    public string? Target { get; init; }

    /// <summary>The target value counted as positive; required for a text target, optional for a numeric one (else the mean).</summary>
    public string? PositiveClass { get; init; }

    /// <summary>A group (without missing values) holding a smaller share of rows than this is flagged as under-represented.</summary>
    public double UnderRepresentedShare { get; init; } = 0.05;

    /// <summary>
    /// Per sensitive column, each group's expected share of the population; the shares must sum to 1 (within 0.01).
    /// Groups are named as the report labels them: text as written, numbers like 1 or 2.5, booleans true/false, bands like [20, 40).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? ExpectedShares { get; init; }

    /// <summary>A numeric sensitive column with more distinct values than this is grouped into bands.</summary>
    public int MaxUnbandedValues { get; init; } = 10;

    /// <summary>How many equal-count (quantile) bands a numeric sensitive column is cut into when no edges are given.</summary>
    public int Bands { get; init; } = 5;

    /// <summary>Explicit band edges per numeric column, ascending (e.g. decades for age: 0, 10, 20, ..., 100); they win over quantile bands.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>>? BandEdges { get; init; }
}
