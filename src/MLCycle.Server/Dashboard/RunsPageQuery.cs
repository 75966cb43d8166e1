using MLCycle.Tracking;
using MLCycle.Tracking.Search;

namespace MLCycle.Server.Dashboard;

/// <summary>What the runs page asks for: an experiment, filter text, a metric to sort by, and the page to show.</summary>
public sealed record RunsQuery
{
    public string? Experiment { get; init; }
    public string? Filter { get; init; }
    /// <summary>A metric key; runs without it come last whichever the direction.</summary>
    public string? SortMetric { get; init; }
    public bool Descending { get; init; } = true;
    public string? PageToken { get; init; }
    public int PageSize { get; init; } = 50;
}

/// <summary>The one place the dashboard searches runs: the store's own search (<see cref="RunSearch"/>), so the page filters with the
/// tracking API's language, sorts by any metric and pages through every match, with the filter and the sort done by the database.</summary>
public static class RunsPageQuery
{
    /// <summary>One page of runs of the <paramref name="visibleExperiments"/> (null: every experiment), or a <see cref="MLCycleException"/>
    /// of kind BadSpec naming the position in the filter it cannot read.</summary>
    public static async Task<RunsPage> SearchAsync(ITrackingStore tracking, RunsQuery query, CancellationToken ct, IReadOnlyList<string>? visibleExperiments = null)
    {
        ArgumentNullException.ThrowIfNull(tracking);
        ArgumentNullException.ThrowIfNull(query);
        var search = new RunSearch
        {
            Experiment = string.IsNullOrWhiteSpace(query.Experiment) ? null : query.Experiment.Trim(),
            VisibleExperiments = visibleExperiments,
            Filter = query.Filter,
            // A metric key may hold dots (cv.lightgbm.auc): backticks quote it whole for the filter language.
            OrderBy = string.IsNullOrWhiteSpace(query.SortMetric) ? [] : [$"metrics.`{query.SortMetric.Trim().Replace("`", "``", StringComparison.Ordinal)}` {(query.Descending ? "DESC" : "ASC")}"],
            MaxResults = query.PageSize,
            PageToken = string.IsNullOrEmpty(query.PageToken) ? null : query.PageToken,
        };
        var page = await tracking.SearchRunsAsync(search, ct);
        return new RunsPage(page.Items, page.NextPageToken);
    }
}

/// <summary>A page of runs with the token of the next page (null on the last).</summary>
public sealed record RunsPage(IReadOnlyList<Run> Runs, string? NextPageToken);
