using MLCycle.Tests.Storage;
using MLCycle.Tracking;
using MLCycle.Tracking.Search;

namespace MLCycle.Tests.Tracking.Search;

/// <summary>Filtered, ordered, paged run search (<see cref="ITrackingStore.SearchRunsAsync(RunSearch, CancellationToken)"/>); each backend inherits it.</summary>
public abstract class RunSearchContract : StoreContract
{
    private ITrackingStore Tracking => Store.Tracking;

    private async Task<string> RunAsync(string experiment, string name, double? auc, string? algorithm = null, string? team = null)
    {
        var run = await Tracking.CreateRunAsync(experiment, name, team is null ? null : new Dictionary<string, string> { ["team"] = team });
        await Tracking.LogBatchAsync(run.RunId,
            auc is { } value ? [new Metric("auc", value, 0, DateTimeOffset.UtcNow)] : [],
            algorithm is null ? [] : [new Param("algorithm", algorithm)]);
        return run.RunId;
    }

    private async Task<List<string>> NamesAsync(RunSearch search) =>
        [.. (await Tracking.SearchRunsAsync(search)).Items.Select(r => r.Name!)];

    [Fact]
    public async Task SearchRunsAsync_metricParamAndTagConditions_returnOnlyRunsMatchingAll()
    {
        await RunAsync("churn", "hit", 0.9, "lightgbm", "risk");
        await RunAsync("churn", "low auc", 0.7, "lightgbm", "risk");
        await RunAsync("churn", "other algorithm", 0.95, "fasttree", "risk");
        await RunAsync("churn", "other team", 0.9, "lightgbm", "growth");
        await RunAsync("churn", "no metric", null, "lightgbm", "risk");
        await RunAsync("fraud", "other experiment", 0.9, "lightgbm", "risk");

        var names = await NamesAsync(new RunSearch
        {
            Experiment = "churn", Filter = "metrics.auc > 0.8 and params.algorithm = 'lightgbm' and tags.team = 'risk'",
        });

        Assert.Equal(["hit"], names);
    }

    [Fact]
    public async Task SearchRunsAsync_orderByMetricDesc_sortsByValueWithMissingLast()
    {
        await RunAsync("churn", "b", 0.8);
        await RunAsync("churn", "none", null);
        await RunAsync("churn", "a", 0.9);
        await RunAsync("churn", "c", 0.7);

        Assert.Equal(["a", "b", "c", "none"], await NamesAsync(new RunSearch { OrderBy = ["metrics.auc DESC"] }));
        Assert.Equal(["c", "b", "a", "none"], await NamesAsync(new RunSearch { OrderBy = ["metrics.auc"] }));
    }

    [Fact]
    public async Task SearchRunsAsync_metricLoggedAtSeveralSteps_comparesTheLatestValue()
    {
        var dropped = await RunAsync("churn", "dropped", 0.9);
        await Tracking.LogBatchAsync(dropped, [new Metric("auc", 0.5, 1, DateTimeOffset.UtcNow)]);
        var rose = await RunAsync("churn", "rose", 0.5);
        // Within one batch the later step wins, whatever the order of the list.
        await Tracking.LogBatchAsync(rose, [new Metric("auc", 0.95, 3, DateTimeOffset.UtcNow), new Metric("auc", 0.1, 2, DateTimeOffset.UtcNow)]);
        var nan = await RunAsync("churn", "nan", 0.9);
        await Tracking.LogBatchAsync(nan, [new Metric("auc", double.NaN, 5, DateTimeOffset.UtcNow)]);
        var late = await RunAsync("churn", "old step", 0.9);
        await Tracking.LogBatchAsync(late, [new Metric("auc", 0.1, -1, DateTimeOffset.UtcNow)]);

        Assert.Equal(["old step", "rose"], await NamesAsync(new RunSearch { Filter = "metrics.auc > 0.8" }));
        Assert.True(double.IsNaN((await Tracking.GetRunAsync(nan)).Metrics["auc"].Value));
    }

    [Fact]
    public async Task SearchRunsAsync_pagingAnOrderedFilter_returnsEveryMatchOnceAndIgnoresRunsCreatedMeanwhile()
    {
        for (var i = 0; i < 23; i++)
        {
            await RunAsync("churn", $"r{i:00}", (i * 7 % 23) / 23.0, i % 3 == 0 ? "fasttree" : "lightgbm");
        }
        var search = new RunSearch { Filter = "params.algorithm = 'lightgbm'", OrderBy = ["metrics.auc DESC"], MaxResults = 4 };
        var whole = await NamesAsync(search with { MaxResults = 100 });

        var paged = new List<string>();
        string? token = null;
        do
        {
            var page = await Tracking.SearchRunsAsync(search with { PageToken = token });
            paged.AddRange(page.Items.Select(r => r.Name!));
            token = page.NextPageToken;
            await RunAsync("churn", $"late{paged.Count}", 2.0, "lightgbm");
        }
        while (token is not null);

        var expected = Enumerable.Range(0, 23).Where(i => i % 3 != 0).OrderByDescending(i => i * 7 % 23).Select(i => $"r{i:00}").ToList();
        Assert.Equal(expected, whole);
        Assert.Equal(whole, paged);
    }

    // Runs with the sort metric are read first and those without it (or NaN) by a second query: pages of 2 cross from one to the
    // other within a page, pages of 3 start the second part on a page of its own.
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task SearchRunsAsync_pagingPastTheRunsWithTheSortMetric_returnsMissingAndNaNLastNewestFirst(int size)
    {
        await RunAsync("churn", "a", 0.9);
        await RunAsync("churn", "none1", null);
        await RunAsync("churn", "b", 0.8);
        var nan = await RunAsync("churn", "nan", 0.95);
        await Tracking.LogBatchAsync(nan, [new Metric("auc", double.NaN, 1, DateTimeOffset.UtcNow)]);
        await RunAsync("churn", "c", 0.7);
        await RunAsync("churn", "none2", null);
        var search = new RunSearch { OrderBy = ["metrics.auc DESC"], MaxResults = size };

        var paged = new List<string>();
        string? token = null;
        do
        {
            var page = await Tracking.SearchRunsAsync(search with { PageToken = token });
            paged.AddRange(page.Items.Select(r => r.Name!));
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal(["a", "b", "c", "none2", "nan", "none1"], paged);
        Assert.Equal(paged, await NamesAsync(search with { MaxResults = 100 }));
    }

    // Keyset tokens carry the last run's value of every sort field: ties, missing values and NaN on either field, strings, numbers
    // and attributes must page exactly as one page orders them, one run per page so that every run is a page boundary.
    [Theory]
    [InlineData("params.algorithm", "metrics.auc DESC")]
    [InlineData("metrics.auc", "tags.team DESC")]
    [InlineData("attributes.end_time DESC", "params.algorithm")]
    [InlineData("tags.team", "attributes.name")]
    [InlineData("attributes.status", "metrics.auc")]
    public async Task SearchRunsAsync_pagingOneRunAtATimeByTwoKeys_returnsTheOrderOfOnePage(string first, string second)
    {
        double?[] aucs = [0.5, 0.7, null, 0.5, double.NaN, 0.7];
        string?[] algorithms = ["a", "b", null, "a"];
        string?[] teams = ["x", null, "y"];
        for (var i = 0; i < 14; i++)
        {
            var id = await RunAsync("churn", $"r{i:00}", aucs[i % aucs.Length], algorithms[i % algorithms.Length], teams[i % teams.Length]);
            if (i % 5 == 0) await Tracking.EndRunAsync(id, RunStatus.Finished);
        }
        var search = new RunSearch { OrderBy = [first, second], MaxResults = 1 };

        var paged = new List<string>();
        string? token = null;
        do
        {
            var page = await Tracking.SearchRunsAsync(search with { PageToken = token });
            paged.AddRange(page.Items.Select(r => r.Name!));
            token = page.NextPageToken;
        }
        while (token is not null && paged.Count < 100);

        Assert.Equal(14, paged.Distinct().Count());
        Assert.Equal(await NamesAsync(search with { MaxResults = 100 }), paged);
    }

    [Fact]
    public async Task SearchRunsAsync_injectionInValuesAndKeys_matchesNothingAndChangesNothing()
    {
        await RunAsync("churn", "a", 0.9, "lightgbm");

        Assert.Empty(await NamesAsync(new RunSearch { Filter = "params.algorithm = 'x'' OR ''1''=''1'" }));
        Assert.Empty(await NamesAsync(new RunSearch { Filter = "params.`algorithm' OR 1=1 --` = 'lightgbm'" }));
        Assert.Empty(await NamesAsync(new RunSearch { Filter = "tags.`x'); DROP TABLE runs; --` = 'a'" }));
        Assert.Equal(["a"], await NamesAsync(new RunSearch { Filter = "params.algorithm = 'lightgbm'" }));
    }

    [Fact]
    public async Task SearchRunsAsync_likeIsCaseSensitiveAndIlikeIsNot()
    {
        await RunAsync("churn", "upper", 0.9, "LightGBM");
        await RunAsync("churn", "lower", 0.9, "lightgbm_v2");
        await RunAsync("churn", "literal star", 0.9, "light*");

        Assert.Equal(["lower"], await NamesAsync(new RunSearch { Filter = "params.algorithm like 'light%\\_v_'" }));
        Assert.Equal(["literal star"], await NamesAsync(new RunSearch { Filter = "params.algorithm like 'light*'" }));
        Assert.Equal(["literal star", "lower", "upper"], (await NamesAsync(new RunSearch { Filter = "params.algorithm ilike 'LIGHT%'" })).Order());
    }

    [Fact]
    public async Task SearchRunsAsync_attributes_filterByStatusNameAndTime()
    {
        var finished = await RunAsync("churn", "finished", 0.9);
        await Tracking.EndRunAsync(finished, RunStatus.Finished);
        await RunAsync("churn", "running", 0.9);
        var since = (await Tracking.GetRunAsync(finished)).StartTime.ToUnixTimeMilliseconds();

        Assert.Equal(["finished"], await NamesAsync(new RunSearch { Filter = "attributes.status = 'finished'" }));
        Assert.Equal(["running"], await NamesAsync(new RunSearch { Filter = $"attributes.status != 'FINISHED' and attributes.start_time >= {since}" }));
        Assert.Equal(["finished"], await NamesAsync(new RunSearch { Filter = "attributes.name like 'fin%' and attributes.end_time > 0" }));
        Assert.Equal(["finished"], await NamesAsync(new RunSearch { Filter = $"attributes.run_id = '{finished}'" }));
    }

    [Fact]
    public async Task SearchRunsAsync_childRuns_areLeftOut()
    {
        var parent = await RunAsync("tuned", "parent", 0.9);
        var child = await Tracking.CreateRunAsync("tuned", "child", new Dictionary<string, string> { [TrackingTags.ParentRunId] = parent });
        await Tracking.LogBatchAsync(child.RunId, [new Metric("auc", 0.99, 0, DateTimeOffset.UtcNow)]);

        Assert.Equal(["parent"], await NamesAsync(new RunSearch { Filter = "metrics.auc > 0.5" }));
    }

    [Fact]
    public async Task SearchRunsAsync_alteredOrForeignToken_isRefused()
    {
        for (var i = 0; i < 3; i++) await RunAsync("churn", $"r{i}", i);
        var search = new RunSearch { Filter = "metrics.auc >= 0", MaxResults = 1 };
        var token = (await Tracking.SearchRunsAsync(search)).NextPageToken!;
        var altered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        var tampered = await Assert.ThrowsAsync<MLCycleException>(() => Tracking.SearchRunsAsync(search with { PageToken = altered }));
        var other = await Assert.ThrowsAsync<MLCycleException>(() => Tracking.SearchRunsAsync(search with { Filter = "metrics.auc > 0", PageToken = token }));
        var old = await Assert.ThrowsAsync<MLCycleException>(() => Tracking.SearchRunsAsync(search with { PageToken = "cDE6MTIz" }));

        Assert.Equal(ErrorKind.BadSpec, tampered.Kind);
        Assert.Contains("was not issued by this store or was altered", tampered.Message);
        Assert.Contains("belongs to a different search", other.Message);
        Assert.Contains("was not issued by this store", old.Message);
    }

    [Fact]
    public async Task SearchRunsAsync_visibleExperiments_limitsRunsAndUnknownNamesMatchNothing()
    {
        await RunAsync("churn", "churn run", 0.9);
        await RunAsync("fraud", "fraud run", 0.9);
        await RunAsync("secret", "secret run", 0.9);

        Assert.Equal(["fraud run", "churn run"], await NamesAsync(new RunSearch { VisibleExperiments = ["churn", "fraud", "never-created"] }));
        Assert.Empty(await NamesAsync(new RunSearch { VisibleExperiments = [] }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public async Task SearchRunsAsync_pageSizeOutOfRange_isRefusedNamingTheRange(int size)
    {
        var error = await Assert.ThrowsAsync<MLCycleException>(() => Tracking.SearchRunsAsync(new RunSearch { MaxResults = size }));

        Assert.Contains($"between 1 and 10000, got {size}", error.Message);
    }
}
