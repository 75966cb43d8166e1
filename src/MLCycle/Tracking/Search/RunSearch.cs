namespace MLCycle.Tracking.Search;

/// <summary>A search for runs: an optional experiment, a filter such as <c>metrics.auc &gt; 0.8 and params.algorithm = 'lightgbm'</c>,
/// an order such as <c>["metrics.auc DESC"]</c>, and the page to return. Child runs are left out, as in every run listing.</summary>
public sealed record RunSearch
{
    /// <summary>Only runs of this experiment; null searches every experiment.</summary>
    public string? Experiment { get; init; }

    /// <summary>When set, only runs of these experiments: a host passes the experiments its caller may read. Names that do not exist
    /// match nothing.</summary>
    public IReadOnlyList<string>? VisibleExperiments { get; init; }

    /// <summary>Conditions joined by <c>and</c> (see <see cref="RunFilter.Parse"/>); null or blank matches every run.</summary>
    public string? Filter { get; init; }

    /// <summary>Sort keys such as <c>metrics.auc DESC</c> or <c>attributes.start_time</c> (ascending unless DESC); newest first when empty.</summary>
    public IReadOnlyList<string> OrderBy { get; init; } = [];

    /// <summary>Runs per page, 1 to <see cref="MaxPageSize"/>; any number of runs can be paged through.</summary>
    public int MaxResults { get; init; } = 100;

    /// <summary>The previous page's <see cref="Page{T}.NextPageToken"/>, or null for the first page.</summary>
    public string? PageToken { get; init; }

    /// <summary>The largest page a search returns.</summary>
    public const int MaxPageSize = 10_000;
}
