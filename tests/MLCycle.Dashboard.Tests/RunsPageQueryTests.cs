using MLCycle.Server.Dashboard;
using MLCycle.Storage;
using MLCycle.Tracking;

namespace MLCycle.Dashboard.Tests;

/// <summary>The runs page's search over a real SQLite store: 30 runs, auc = run index / 100, algorithm alternating.</summary>
public sealed class RunsPageQueryTests : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "mlcycle-dashboard-tests", Guid.NewGuid().ToString("N"));
    private MLCycleStore store = null!;

    public async Task InitializeAsync()
    {
        store = await MLCycleStore.OpenAsync(folder);
        for (int i = 0; i < 30; i++)
        {
            var run = await store.Tracking.CreateRunAsync(i < 20 ? "a" : "b", $"r{i}");
            await store.Tracking.LogBatchAsync(run.RunId, [new Metric("auc", i / 100.0)], [new Param("algorithm", i % 2 == 0 ? "lightgbm" : "sdca")]);
        }
    }

    public async Task DisposeAsync()
    {
        await store.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task SearchAsync_filter_and_sort_page_through_every_match_in_order()
    {
        var query = new RunsQuery { Experiment = "a", Filter = "params.algorithm = 'lightgbm' AND metrics.auc >= 0.04", SortMetric = "auc", PageSize = 4 };

        var first = await RunsPageQuery.SearchAsync(store.Tracking, query, default);
        var second = await RunsPageQuery.SearchAsync(store.Tracking, query with { PageToken = first.NextPageToken }, default);

        Assert.Equal(["r18", "r16", "r14", "r12"], first.Runs.Select(r => r.Name));
        Assert.Equal(["r10", "r8", "r6", "r4"], second.Runs.Select(r => r.Name));
        Assert.Null(second.NextPageToken);
    }

    [Fact]
    public async Task SearchAsync_without_filter_or_sort_pages_newest_first_through_the_store()
    {
        var page = await RunsPageQuery.SearchAsync(store.Tracking, new RunsQuery { PageSize = 25 }, default);
        var rest = await RunsPageQuery.SearchAsync(store.Tracking, new RunsQuery { PageSize = 25, PageToken = page.NextPageToken }, default);

        Assert.Equal("r29", page.Runs[0].Name);
        Assert.Equal(["r4", "r3", "r2", "r1", "r0"], rest.Runs.Select(r => r.Name));
    }

    [Theory]
    [InlineData("metrics.auc > high", "Bad filter at position 15:")]
    [InlineData("params.a = 'x' and auc > 1", "Bad filter at position 20:")]
    [InlineData("attributes.owner = 'x'", "Bad filter at position 12: expected one of the attributes")]
    public async Task SearchAsync_bad_filter_names_the_position(string filter, string message)
    {
        var error = await Assert.ThrowsAsync<MLCycleException>(() => RunsPageQuery.SearchAsync(store.Tracking, new RunsQuery { Filter = filter }, default));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
